package dev.oubli.privacy.retention;

import dev.oubli.events.RetentionCategory;

import java.util.List;

/** A tenant's retention policy: every category, its limit and where it comes from, and the version pushed to the owners. */
public record RetentionPolicyResponse(int version, List<Limit> categories) {

    /** {@code source}: TENANT (set by its officer) or DEFAULT (the platform's). */
    public record Limit(RetentionCategory category, String owner, int days, String source, int defaultDays, int minimumDays,
                        int maximumDays) {
    }
}

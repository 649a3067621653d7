package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An owner's scheduled retention purge of the tenant named by the event's {@code tenantid} attribute ran
 * (docs/adr/0057): what it deleted per {@link RetentionCategory} name, under which policy version. privacy-service keeps
 * it for the officer ({@code GET /api/retention-purges}).
 *
 * @param owner         the owner's service name, for example {@code contacts-service}
 * @param policyVersion the {@link RetentionPolicySet#version()} applied
 * @param deleted       items deleted per category name, zero or more; a category that failed is absent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetentionPurgeRan(String owner, int policyVersion, Map<String, Long> deleted, Instant ranAt) implements OubliEvent {

    public RetentionPurgeRan {
        TaskCompleted.requireWord(owner, "owner");
        Objects.requireNonNull(ranAt, "ranAt");
        if (policyVersion < 0) {
            throw new IllegalArgumentException("policyVersion is zero or more");
        }
        TreeMap<String, Long> sorted = new TreeMap<>();
        if (deleted != null) {
            deleted.forEach((name, count) -> {
                if (name == null || !name.matches("^[A-Z][A-Z0-9_]{0,62}$")) {
                    throw new IllegalArgumentException("a category is an upper-case name such as NOTES");
                }
                if (count == null || count < 0) {
                    throw new IllegalArgumentException("counts are zero or more");
                }
                sorted.put(name, count);
            });
        }
        deleted = Collections.unmodifiableMap(sorted);
    }
}

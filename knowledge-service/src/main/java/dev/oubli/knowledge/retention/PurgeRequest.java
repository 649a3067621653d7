package dev.oubli.knowledge.retention;

import java.time.OffsetDateTime;
import java.util.Set;

/** The body of {@code POST /api/retention/purges}: remove what is older than {@code before}, in these categories (all if absent). */
public record PurgeRequest(OffsetDateTime before, Set<RetentionCategory> categories) {
}

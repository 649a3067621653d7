package dev.oubli.knowledge.retention;

import java.time.OffsetDateTime;
import java.util.Map;

/** What a purge removed, per category. */
public record PurgeResult(OffsetDateTime before, Map<RetentionCategory, Long> deleted) {
}

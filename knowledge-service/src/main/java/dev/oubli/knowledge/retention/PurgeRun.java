package dev.oubli.knowledge.retention;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A recorded purge of one category: scheduled by the retention limits or requested through the API. */
public record PurgeRun(UUID id, String trigger, RetentionCategory category, OffsetDateTime cutoff, long deleted, OffsetDateTime ranAt) {
}

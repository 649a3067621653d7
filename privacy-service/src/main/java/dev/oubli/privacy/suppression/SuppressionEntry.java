package dev.oubli.privacy.suppression;

import java.time.Instant;

/** One entry of the suppression list: a blind index, a reason and dates, nothing else. */
public record SuppressionEntry(
        long id, String blindIndex, String kind, SuppressionReason reason, Instant suppressedAt, Instant liftedAt, String liftReason) {
}

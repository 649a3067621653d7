package dev.oubli.privacy.suppression;

import java.util.List;

/** Whether a subject is suppressed, and by which active entries. */
public record SuppressionStatus(boolean suppressed, List<SuppressionEntry> entries) {
}

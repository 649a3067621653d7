package dev.oubli.privacy.suppression;

import dev.oubli.privacy.subject.SubjectIdentifiers;

/** The body of {@code POST /api/suppressions}: the person's email and/or phone, and why (default REQUESTED). */
public record AddSuppression(SubjectIdentifiers subject, SuppressionReason reason) {
}

package dev.oubli.privacy.retention;

/** The body of {@code POST /api/legal-holds/{id}/lift}: why the hold ends (1 to 200 characters). */
public record LiftLegalHold(String reason) {
}

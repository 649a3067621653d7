package dev.oubli.privacy.suppression;

/** The body of {@code POST /api/suppressions/{id}/lift}: why the person may be contacted again (kept with the entry). */
public record LiftSuppression(String reason) {
}

package dev.oubli.privacy.privacyrequest;

/** The body of {@code POST /api/privacy-requests/{id}/cancellation} and {@code .../rejection}: a reason code. */
public record CloseRequest(String reason) {
}

package dev.oubli.privacy.privacyrequest;

/**
 * The body of {@code POST /api/privacy-requests/{id}/extension}.
 *
 * @param reason recorded with the request and shown to the tenant's staff; never logged nor audited. Write why
 *               (complexity, number of requests), not who.
 */
public record ExtendDeadline(Integer months, String reason) {

    @Override
    public String toString() {
        return "ExtendDeadline[months=" + months + "]";
    }
}

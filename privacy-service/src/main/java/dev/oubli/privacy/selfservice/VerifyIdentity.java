package dev.oubli.privacy.selfservice;

/** The body of {@code POST /public/tenants/{tenant}/privacy-requests/{id}/verification}. */
public record VerifyIdentity(String code) {

    @Override
    public String toString() {
        return "VerifyIdentity[code=redacted]";
    }
}

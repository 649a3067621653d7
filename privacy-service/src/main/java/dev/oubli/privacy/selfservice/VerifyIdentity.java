package dev.oubli.privacy.selfservice;

/**
 * The body of {@code POST /public/tenants/{tenant}/privacy-requests/{id}/verification}: the code of each identifier
 * the request names. {@code code} is the code of a request naming one identifier (mailed, or texted to a phone
 * alone); a request naming both takes {@code emailCode} and {@code phoneCode}.
 */
public record VerifyIdentity(String code, String emailCode, String phoneCode) {

    @Override
    public String toString() {
        return "VerifyIdentity[codes=redacted]";
    }
}

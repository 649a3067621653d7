package dev.oubli.subjectindex;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns a data subject's email addresses and phone numbers into blind indexes (docs/architecture.md,
 * "Tenancy"): {@code base64url(HMAC-SHA256(K_tenant, kind + ":" + normalised))}. Safe to share
 * between threads; create one per application.
 */
public final class SubjectIndex {

    private static final int HMAC_SHA256_BYTES = 32;
    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final TenantKeys keys;

    public SubjectIndex(MasterSecret masterSecret) {
        this.keys = new TenantKeys(Objects.requireNonNull(masterSecret, "masterSecret"));
    }

    /** @throws InvalidIdentifierException if the address is blank or obviously invalid */
    public BlindIndex email(UUID tenant, String rawEmail) {
        return index(tenant, IdentifierKind.EMAIL, normaliseEmail(rawEmail));
    }

    /**
     * @param defaultRegion ISO 3166 code ("FR") for numbers written without '+', may be null if they never are
     * @throws InvalidIdentifierException if the number cannot be parsed or is not a valid number
     */
    public BlindIndex phone(UUID tenant, String rawPhone, String defaultRegion) {
        return index(tenant, IdentifierKind.PHONE, normalisePhone(rawPhone, defaultRegion));
    }

    /**
     * The index of a number already in E.164 (as {@link #normalisePhone} returns it), without parsing it
     * again: for callers that validated the number themselves, such as an import.
     *
     * @throws InvalidIdentifierException if it is not in E.164 form
     */
    public BlindIndex phoneE164(UUID tenant, String e164) {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new InvalidIdentifierException(IdentifierKind.PHONE, "not in E.164 form");
        }
        return index(tenant, IdentifierKind.PHONE, e164);
    }

    /** Trimmed and lower-cased: {@code " Ada@Example.COM "} becomes {@code "ada@example.com"}. */
    public static String normaliseEmail(String rawEmail) {
        return Normalisation.email(rawEmail);
    }

    /** E.164: {@code "06 12 34 56 78"} in region {@code "FR"} becomes {@code "+33612345678"}. */
    public static String normalisePhone(String rawPhone, String defaultRegion) {
        return Normalisation.phone(rawPhone, defaultRegion);
    }

    BlindIndex index(UUID tenant, IdentifierKind kind, String normalised) {
        Objects.requireNonNull(tenant, "tenant");
        byte[] text = (kind.label() + ":" + normalised).getBytes(UTF_8);
        try {
            byte[] hmac = keys.hmacOf(tenant).compute(text, HMAC_SHA256_BYTES);
            return new BlindIndex(BASE64URL.encodeToString(hmac));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA256 failed", unavailable);
        }
    }
}

package dev.oubli.subjectindex;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The subject-index master secret, from which every tenant's index key is derived. Its bytes never leave
 * this package and are never printed.
 */
public final class MasterSecret {

    static final int MINIMUM_BYTES = 32;
    /** The salt of the tenants' index keys ({@link TenantKeys}); no other use may take it. */
    static final String SUBJECT_INDEX_PURPOSE = "oubli-subject-index";

    private final byte[] bytes;

    private MasterSecret(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Reads the secret from standard base64 (as printed by {@code openssl rand -base64 32}).
     *
     * @throws IllegalArgumentException if it is missing, not base64, or shorter than 32 bytes; the message
     *     never repeats the value
     */
    public static MasterSecret fromBase64(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("The subject-index master secret is missing");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException notBase64) {
            // The decoder's own message quotes the offending character: not chained on purpose.
            throw new IllegalArgumentException("The subject-index master secret is not valid base64");
        }
        if (decoded.length < MINIMUM_BYTES) {
            throw new IllegalArgumentException("The subject-index master secret must decode to at least "
                    + MINIMUM_BYTES + " bytes, got " + decoded.length);
        }
        return new MasterSecret(decoded);
    }

    /**
     * A key for another use of the platform secret: {@code HKDF-SHA256(ikm = master secret, salt = purpose,
     * info, length)}. Distinct purposes give independent keys, so no derived key reveals the master or an
     * index key.
     */
    public byte[] deriveKey(String purpose, String info, int length) {
        if (purpose == null || purpose.isBlank() || SUBJECT_INDEX_PURPOSE.equals(purpose)) {
            throw new IllegalArgumentException("a derived key needs its own purpose");
        }
        return TenantKeys.hkdfSha256(bytes, purpose.getBytes(StandardCharsets.UTF_8),
                info.getBytes(StandardCharsets.UTF_8), length);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "MasterSecret[redacted]";
    }
}

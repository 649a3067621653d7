package dev.oubli.subjectindex;

import java.util.Base64;

/**
 * The subject-index master secret, from which every tenant's index key is derived. Its bytes never leave
 * this package and are never printed.
 */
public final class MasterSecret {

    static final int MINIMUM_BYTES = 32;

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

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "MasterSecret[redacted]";
    }
}

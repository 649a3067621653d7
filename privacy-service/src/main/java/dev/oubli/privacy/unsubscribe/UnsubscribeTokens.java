package dev.oubli.privacy.unsubscribe;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.subtle.PrfHmacJce;
import dev.oubli.subjectindex.BlindIndex;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the tokens of unsubscribe links ({@code /u/{token}}). A token is the unpadded base64url
 * of 107 bytes, 143 characters:
 *
 * <pre>
 * version (1) = 1 | tenant (16) | subject blind index (32) | channel (1) | purpose (1)
 *   | issued at, epoch seconds (8) | random nonce (16) | HMAC-SHA256 of all the above (32)
 * </pre>
 *
 * Nothing in it is readable personal data: ids, a blind index and codes. It is signed, not encrypted: two
 * links to one person show the same blind index, which names nobody without the tenant's key; the nonce
 * still makes every link different, so none can be predicted from another. Verification answers only
 * "valid" or "not": a forger learns nothing, not even which check failed. Tokens do not expire: an
 * unsubscribe link must work as long as the message can be read. Safe to share between threads.
 */
final class UnsubscribeTokens {

    static final int MINIMUM_SECRET_BYTES = 32;

    private static final byte VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int UUID_BYTES = 16;
    private static final int BLIND_INDEX_BYTES = 32;
    private static final int NONCE_BYTES = 16;
    private static final int TAG_BYTES = 32;
    private static final int SIGNED_BYTES = 1 + UUID_BYTES + BLIND_INDEX_BYTES + 1 + 1 + Long.BYTES + NONCE_BYTES;
    private static final int TOKEN_BYTES = SIGNED_BYTES + TAG_BYTES;
    static final int TOKEN_LENGTH = (TOKEN_BYTES * 8 + 5) / 6;

    // The configured secret is never used as a key directly: this key is for unsubscribe tokens only.
    private static final byte[] KEY_SALT = "oubli-unsubscribe-token".getBytes(UTF_8);
    private static final byte[] KEY_INFO = "hmac-sha256/v1".getBytes(UTF_8);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Prf hmac;
    private final SecureRandom random = new SecureRandom();

    /** @throws IllegalArgumentException if the secret is shorter than 32 bytes */
    UnsubscribeTokens(byte[] secret) {
        if (secret == null || secret.length < MINIMUM_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "The unsubscribe-token secret must be at least " + MINIMUM_SECRET_BYTES + " bytes");
        }
        try {
            byte[] key = Hkdf.computeHkdf("HMACSHA256", secret, KEY_SALT, KEY_INFO, KEY_BYTES);
            this.hmac = new PrfHmacJce("HMACSHA256", new SecretKeySpec(key, "HMAC"));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", unavailable);
        }
    }

    /**
     * Reads the secret from standard base64 (as printed by {@code openssl rand -base64 32}).
     *
     * @throws IllegalArgumentException if it is missing, not base64 or too short; the message never repeats it
     */
    static UnsubscribeTokens fromBase64Secret(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("The unsubscribe-token secret is missing");
        }
        try {
            return new UnsubscribeTokens(Base64.getDecoder().decode(encoded.strip()));
        } catch (IllegalArgumentException notBase64OrTooShort) {
            // The decoder's message quotes the offending character: not chained on purpose.
            throw new IllegalArgumentException("The unsubscribe-token secret must be the base64 of at least "
                    + MINIMUM_SECRET_BYTES + " bytes");
        }
    }

    String sign(UnsubscribeToken token) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        ByteBuffer bytes = ByteBuffer.allocate(TOKEN_BYTES)
                .put(VERSION)
                .putLong(token.tenant().getMostSignificantBits())
                .putLong(token.tenant().getLeastSignificantBits())
                .put(Base64.getUrlDecoder().decode(token.subject().value()))
                .put(token.channel().code())
                .put(token.purpose().code())
                .putLong(token.issuedAt().getEpochSecond())
                .put(nonce);
        bytes.put(tagOf(bytes.array()));
        return BASE64URL.encodeToString(bytes.array());
    }

    /** The token's content if it was signed with this key and left untouched; empty for anything else. */
    Optional<UnsubscribeToken> verify(String token) {
        if (token == null || token.length() != TOKEN_LENGTH || !isBase64Url(token)) {
            return Optional.empty();
        }
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        // The last character has two bits the decoder ignores: re-encoding rejects the variants that set them,
        // so that changing any character of a token invalidates it.
        if (!BASE64URL.encodeToString(bytes).equals(token) || bytes[0] != VERSION) {
            return Optional.empty();
        }
        byte[] tag = Arrays.copyOfRange(bytes, SIGNED_BYTES, TOKEN_BYTES);
        if (!MessageDigest.isEqual(tag, tagOf(bytes))) {
            return Optional.empty();
        }
        return read(ByteBuffer.wrap(bytes, 1, SIGNED_BYTES - 1));
    }

    private byte[] tagOf(byte[] token) {
        try {
            return hmac.compute(Arrays.copyOf(token, SIGNED_BYTES), TAG_BYTES);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA256 failed", unavailable);
        }
    }

    private static Optional<UnsubscribeToken> read(ByteBuffer signed) {
        UUID tenant = new UUID(signed.getLong(), signed.getLong());
        byte[] subject = new byte[BLIND_INDEX_BYTES];
        signed.get(subject);
        Optional<Channel> channel = Channel.ofCode(signed.get());
        Optional<Purpose> purpose = Purpose.ofCode(signed.get());
        long issuedAt = signed.getLong();
        // Signed by us, so an unknown code comes from a newer release: refused, never thrown.
        if (channel.isEmpty() || purpose.isEmpty()
                || issuedAt < Instant.MIN.getEpochSecond() || issuedAt > Instant.MAX.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new UnsubscribeToken(tenant, new BlindIndex(BASE64URL.encodeToString(subject)),
                channel.get(), purpose.get(), Instant.ofEpochSecond(issuedAt)));
    }

    private static boolean isBase64Url(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}

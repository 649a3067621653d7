package dev.oubli.privacy.selfservice;

import dev.oubli.subjectindex.MasterSecret;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One-time codes (six digits) and the keyed hashes that are stored instead of them, one key per kind of identifier;
 * the tokens of the private status links, stored as keyed hashes too.
 */
@ApplicationScoped
class VerificationCodes {

    /** What a code proves, and the key purpose of its hash. */
    enum Kind {
        EMAIL("email", "oubli-verification-code-v1"), PHONE("phone", "oubli-verification-code-phone-v1");

        final String label;
        final String purpose;

        Kind(String label, String purpose) {
            this.label = label;
            this.purpose = purpose;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final MasterSecret masterSecret;

    VerificationCodes(@ConfigProperty(name = "oubli.subject-index.master-secret") String masterSecret) {
        this.masterSecret = MasterSecret.fromBase64(masterSecret);
    }

    String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    /** A private status link's token: 256 random bits, base64url; only its keyed hash is stored. */
    String newStatusToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String hashOfStatusToken(UUID tenant, String token) {
        return hmac("oubli-self-service-status-v1", tenant.toString(), token.strip());
    }

    String hashOfCode(Kind kind, UUID tenant, UUID requestId, String code) {
        return hmac(kind.purpose, tenant + "|" + requestId, code);
    }

    boolean matches(Kind kind, UUID tenant, UUID requestId, String code, String storedHash) {
        return code != null && storedHash != null && MessageDigest.isEqual(
                hashOfCode(kind, tenant, requestId, code.strip()).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private String hmac(String purpose, String info, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterSecret.deriveKey(purpose, info, 32), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", unavailable);
        }
    }
}

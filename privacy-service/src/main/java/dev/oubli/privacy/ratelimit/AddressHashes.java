package dev.oubli.privacy.ratelimit;

import dev.oubli.subjectindex.MasterSecret;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Keyed hashes (HMAC-SHA256, a key of their own derived from the platform's master secret) of client IP addresses
 * and of recipients, the keys of rate limits: no address is kept in clear, in memory or elsewhere. Not per tenant:
 * a client or a mailbox has one budget across all tenants.
 */
@ApplicationScoped
public class AddressHashes {

    private final byte[] key;

    AddressHashes(@ConfigProperty(name = "oubli.subject-index.master-secret") String masterSecret) {
        this.key = MasterSecret.fromBase64(masterSecret).deriveKey("oubli-rate-limit-key-v1", "platform", 32);
    }

    /** The key of a client, by the IP address the (trusted) proxy forwarded or the peer's. */
    public String client(String ipAddress) {
        return hmac("client:" + (ipAddress == null ? "unknown" : ipAddress));
    }

    /** The key of a recipient: {@code kind} ("email", "phone") and the normalised address. */
    public String recipient(String kind, String normalisedAddress) {
        return hmac(kind + ":" + normalisedAddress);
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", unavailable);
        }
    }
}

package dev.oubli.privacy.export;

import dev.oubli.privacy.PrivacyConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Signed, expiring download links of export bundles: HMAC-SHA256 over tenant, request and expiry. */
@ApplicationScoped
class ExportLinks {

    static final String PATH = "/public/exports";

    private final byte[] key;

    ExportLinks(PrivacyConfig config) {
        try {
            key = Base64.getDecoder().decode(config.exports().linkSecret().strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("oubli.privacy.exports.link-secret is not base64");
        }
        if (key.length < 32) {
            throw new IllegalStateException("oubli.privacy.exports.link-secret must hold 32 bytes or more");
        }
    }

    /** A relative link: behind the gateway, this service's own host means nothing to the caller. */
    String link(UUID tenant, UUID requestId, Instant expires) {
        return PATH + "/" + tenant + "/" + requestId + "?expires=" + expires.getEpochSecond() + "&signature=" + sign(tenant, requestId, expires.getEpochSecond());
    }

    boolean holds(UUID tenant, UUID requestId, long expires, String signature) {
        return signature != null && MessageDigest.isEqual(
                sign(tenant, requestId, expires).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    String sign(UUID tenant, UUID requestId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("oubli-export-link-v1|" + tenant + "|" + requestId + "|" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", unavailable);
        }
    }
}

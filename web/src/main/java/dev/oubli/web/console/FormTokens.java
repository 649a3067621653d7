package dev.oubli.web.console;

import dev.oubli.web.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Anti-forgery tokens of the console's forms: an HMAC of the logged-in subject under the configured key. A page of
 * another site cannot read it, so it cannot post a form in the officer's name (besides the session cookie's SameSite).
 */
@ApplicationScoped
public class FormTokens {

    private final SecretKeySpec key;

    FormTokens(WebConfig config) {
        byte[] secret = Base64.getDecoder().decode(config.formSecret());
        if (secret.length < 32) {
            throw new IllegalStateException("oubli.web.form-secret must hold at least 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String issue(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("form|" + subject).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public boolean valid(String subject, String token) {
        return token != null && MessageDigest.isEqual(issue(subject).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }
}

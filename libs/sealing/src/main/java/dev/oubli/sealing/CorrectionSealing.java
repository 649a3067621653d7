package dev.oubli.sealing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.oubli.subjectindex.MasterSecret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Rectification's corrected values (a new email, a new name), sealed for the request event: AES-256-GCM
 * under a key derived from the platform secret for this tenant and request alone, the request id as
 * associated data (docs/adr/0006). Every owner holds the platform secret, so every owner can open them; a
 * copy read off Kafka, a dead-letter topic or a backup without that secret reveals nothing.
 */
public final class CorrectionSealing {

    private static final String PURPOSE = "oubli-rectification-v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> FIELDS = new TypeReference<>() {
    };

    private final MasterSecret masterSecret;

    public CorrectionSealing(MasterSecret masterSecret) {
        this.masterSecret = masterSecret;
    }

    /** The event's {@code corrections}: base64url without padding. */
    public String seal(UUID tenant, UUID requestId, Map<String, String> corrections) {
        try {
            byte[] plaintext = JSON.writeValueAsBytes(new TreeMap<>(corrections));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(aead(tenant, requestId).encrypt(plaintext, associatedData(requestId)));
        } catch (IOException | GeneralSecurityException unavailable) {
            throw new IllegalStateException("sealing corrections failed", unavailable);
        }
    }

    /**
     * The corrected values, field name to value.
     *
     * @throws GeneralSecurityException if the corrections were altered, or sealed for another tenant or
     *                                  request, or with another platform secret
     */
    public Map<String, String> open(UUID tenant, UUID requestId, String sealed) throws GeneralSecurityException {
        byte[] ciphertext;
        try {
            ciphertext = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException notBase64) {
            throw new GeneralSecurityException("corrections are not base64url");
        }
        byte[] plaintext = aead(tenant, requestId).decrypt(ciphertext, associatedData(requestId));
        try {
            return JSON.readValue(plaintext, FIELDS);
        } catch (IOException notAnObjectOfStrings) {
            throw new GeneralSecurityException("corrections are not an object of text fields");
        }
    }

    private AesGcmJce aead(UUID tenant, UUID requestId) throws GeneralSecurityException {
        return new AesGcmJce(masterSecret.deriveKey(PURPOSE, tenant + "|" + requestId, 32));
    }

    private static byte[] associatedData(UUID requestId) {
        return requestId.toString().getBytes(StandardCharsets.UTF_8);
    }
}

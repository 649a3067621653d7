package dev.oubli.privacy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.SignatureConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The service's Ed25519 key ({@code oubli.privacy.certificates.signing-keyset}, Tink): it signs erasure certificates
 * (docs/adr/0014), audit anchors (docs/adr/0026) and audit checkpoints (docs/adr/0061), each a text that names its own
 * type, so that one is never taken for the other. Anyone verifies them with the public keyset alone.
 */
@ApplicationScoped
public class ServiceSigningKey {

    private final PublicKeySign signer;
    private final PublicKeyVerify verifier;
    private final String publicKeyset;

    ServiceSigningKey(PrivacyConfig config) {
        try {
            SignatureConfig.register();
            KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(
                    new String(Base64.getDecoder().decode(config.certificates().signingKeyset().strip()), StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
            signer = keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
            verifier = keyset.getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
            publicKeyset = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(keyset.getPublicKeysetHandle());
        } catch (GeneralSecurityException | IllegalArgumentException unusable) {
            // Never the key material in the message.
            throw new IllegalStateException("oubli.privacy.certificates.signing-keyset is not a base64 Tink signature keyset");
        }
    }

    /** The base64url (no padding) signature of the text's UTF-8 bytes. */
    public String sign(String text) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("the service key cannot sign", unavailable);
        }
    }

    /** Whether {@code signature} (base64url) is this key's signature of {@code text}. */
    public boolean holds(String text, String signature) {
        try {
            verifier.verify(Base64.getUrlDecoder().decode(signature), text.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException forgedOrAltered) {
            return false;
        }
    }

    /** The Tink public keyset (JSON) that verifies every signature of this key. */
    public String publicKeyset() {
        return publicKeyset;
    }
}

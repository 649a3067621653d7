package dev.oubli.sealing;

import dev.oubli.subjectindex.MasterSecret;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorrectionSealingTest {

    private static final MasterSecret SECRET = MasterSecret.fromBase64("b3VibGktbG9jYWwtZGV2LW9ubHktc3ViamVjdC1pbmRleC1zZWNyZXQ=");
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID REQUEST = UUID.randomUUID();
    private static final Map<String, String> CORRECTIONS = Map.of("email", "ada.lovelace@example.com", "lastName", "Lovelace");

    private final CorrectionSealing sealing = new CorrectionSealing(SECRET);

    @Test
    void theOwnerOpensWhatThePrivacyServiceSealed() throws GeneralSecurityException {
        String sealed = sealing.seal(TENANT, REQUEST, CORRECTIONS);

        assertThat(sealed).matches("^[A-Za-z0-9_-]+$").doesNotContain("ada").doesNotContain("Lovelace");
        assertThat(new CorrectionSealing(SECRET).open(TENANT, REQUEST, sealed)).isEqualTo(CORRECTIONS);
    }

    @Test
    void sealedForOneTenantAndRequestOnly() {
        String sealed = sealing.seal(TENANT, REQUEST, CORRECTIONS);

        assertThatThrownBy(() -> sealing.open(UUID.randomUUID(), REQUEST, sealed)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> sealing.open(TENANT, UUID.randomUUID(), sealed)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void anotherPlatformSecretOrAnAlteredValueOpensNothing() {
        String sealed = sealing.seal(TENANT, REQUEST, CORRECTIONS);
        CorrectionSealing other = new CorrectionSealing(
                MasterSecret.fromBase64("c29tZS1vdGhlci1wbGF0Zm9ybS1zZWNyZXQtb2YtMzItYnl0ZXMtb3ItbW9yZQ=="));
        String altered = sealed.substring(0, 20) + (sealed.charAt(20) == 'A' ? 'B' : 'A') + sealed.substring(21);

        assertThatThrownBy(() -> other.open(TENANT, REQUEST, sealed)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> sealing.open(TENANT, REQUEST, altered)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> sealing.open(TENANT, REQUEST, "not base64url!")).isInstanceOf(GeneralSecurityException.class);
    }
}

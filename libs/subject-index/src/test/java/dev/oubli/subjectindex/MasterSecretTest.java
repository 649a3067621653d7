package dev.oubli.subjectindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterSecretTest {

    private static final String THIRTY_ONE_BYTES = Base64.getEncoder().encodeToString(new byte[31]);
    private static final String THIRTY_TWO_BYTES = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void acceptsThirtyTwoBytesOfStandardBase64() {
        assertThat(MasterSecret.fromBase64(THIRTY_TWO_BYTES).bytes()).hasSize(32).startsWith(0, 1, 2);
    }

    @Test
    void rejectsASecretShorterThanThirtyTwoBytesWithoutRepeatingIt() {
        assertThatThrownBy(() -> MasterSecret.fromBase64(THIRTY_ONE_BYTES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining(THIRTY_ONE_BYTES)
                .hasMessageNotContaining("AAAA");
    }

    @Test
    void rejectsASecretThatIsNotBase64WithoutRepeatingAnyOfIt() {
        String notBase64 = "this-is-not-base64-but-it-is-long-enough-to-be-a-secret!";

        assertThatThrownBy(() -> MasterSecret.fromBase64(notBase64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The subject-index master secret is not valid base64")
                .hasNoCause();
    }

    @Test
    void rejectsAMissingSecret() {
        assertThatThrownBy(() -> MasterSecret.fromBase64(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The subject-index master secret is missing");
    }

    @Test
    void neverShowsItsBytes() {
        assertThat(MasterSecret.fromBase64(THIRTY_TWO_BYTES).toString())
                .isEqualTo("MasterSecret[redacted]")
                .doesNotContain(THIRTY_TWO_BYTES, "AAEC", "[0, 1");
    }

    @Test
    void derivedKeysDependOnPurposeAndInfoAndNeverEqualAnIndexKey() {
        MasterSecret secret = MasterSecret.fromBase64(THIRTY_TWO_BYTES);
        java.util.UUID tenant = java.util.UUID.randomUUID();

        byte[] key = secret.deriveKey("oubli-rectification-v1", "a", 32);

        assertThat(key).hasSize(32).isEqualTo(secret.deriveKey("oubli-rectification-v1", "a", 32));
        assertThat(key).isNotEqualTo(secret.deriveKey("oubli-rectification-v1", "b", 32))
                .isNotEqualTo(secret.deriveKey("another-purpose", "a", 32));
        assertThat(secret.deriveKey("another-purpose", tenant.toString(), 32))
                .isNotEqualTo(TenantKeys.deriveKey(secret.bytes(), tenant));
        assertThatThrownBy(() -> secret.deriveKey("oubli-subject-index", tenant.toString(), 32))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

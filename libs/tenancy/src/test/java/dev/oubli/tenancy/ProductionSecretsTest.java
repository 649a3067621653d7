package dev.oubli.tenancy;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductionSecretsTest {

    private static final String SECRET = base64("p".repeat(32));
    private static final String KEYSET = base64("{\"primaryKeyId\":1,\"key\":[{\"keyData\":{}}]}");

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A production configuration as the services hold it, with local values for the dev and test profiles. */
    private static Map<String, String> production() {
        Map<String, String> values = new HashMap<>();
        values.put("quarkus.datasource.password", "s3cret-app");
        values.put("quarkus.datasource.migration.password", "s3cret-owner");
        values.put("oubli.subject-index.master-secret", SECRET);
        values.put("%dev.oubli.subject-index.master-secret", base64("oubli-local-dev-only-subject-index-secret"));
        values.put("oubli.privacy.exports.link-secret", base64("q".repeat(40)));
        values.put("oubli.privacy.certificates.signing-keyset", KEYSET);
        values.put("%test.oubli.privacy.certificates.signing-keyset", base64("{\"primaryKeyId\":2,\"key\":[]}"));
        values.put("oubli.local-dev-certificate-keyset", base64("{\"primaryKeyId\":2,\"key\":[]}"));
        values.put("quarkus.http.port", "8083");
        return values;
    }

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> values = production();
        values.put(name, value);
        return values;
    }

    @Test
    void acceptsProductionGradeSecrets() {
        assertThat(ProductionSecrets.faults(config(production()))).isEmpty();
    }

    @Test
    void refusesTheLocalDevelopmentDatabasePasswordOfAnyDatasource() {
        assertThat(ProductionSecrets.faults(config(with("quarkus.datasource.migration.password", "local-dev-only"))))
                .containsExactly("quarkus.datasource.migration.password is empty or a local-development value");
        assertThat(ProductionSecrets.faults(config(with("quarkus.datasource.password", "local-dev-only")))).hasSize(1);
    }

    @Test
    void refusesTheLocalDevelopmentMasterSecretWithoutTellingIt() {
        String local = base64("oubli-local-dev-only-subject-index-secret");
        assertThat(ProductionSecrets.faults(config(with("oubli.subject-index.master-secret", local))))
                .containsExactly("oubli.subject-index.master-secret is empty or a local-development value")
                .noneMatch(fault -> fault.contains(local));
    }

    @Test
    void refusesASecretThatIsNotBase64OfThirtyTwoBytes() {
        assertThat(ProductionSecrets.faults(config(with("oubli.privacy.exports.link-secret", base64("too short")))))
                .containsExactly("oubli.privacy.exports.link-secret is not base64 of 32 bytes or more");
        assertThat(ProductionSecrets.faults(config(with("oubli.privacy.exports.link-secret", "not base64 at all!")))).hasSize(1);
    }

    @Test
    void refusesAKeysetThatIsMalformedOrTheTestProfiles() {
        assertThat(ProductionSecrets.faults(config(with("oubli.privacy.certificates.signing-keyset", SECRET))))
                .containsExactly("oubli.privacy.certificates.signing-keyset is not a base64 Tink JSON keyset");
        assertThat(ProductionSecrets.faults(config(with("oubli.privacy.certificates.signing-keyset", base64("{\"primaryKeyId\":2,\"key\":[]}")))))
                .containsExactly("oubli.privacy.certificates.signing-keyset is empty or a local-development value");
    }

    @Test
    void theStartupObserverRefusesToStartUnlessTheLocalPlatformSaysSo() {
        Map<String, String> local = with("quarkus.datasource.password", "local-dev-only");
        assertThatThrownBy(() -> new ProductionSecrets().refuseLocalOrMalformedSecrets(new StartupEvent(), config(local)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.datasource.password")
                .hasMessageNotContaining("local-dev-only");

        local.put("oubli.local-platform", "true");
        assertThatCode(() -> new ProductionSecrets().refuseLocalOrMalformedSecrets(new StartupEvent(), config(local))).doesNotThrowAnyException();
    }
}

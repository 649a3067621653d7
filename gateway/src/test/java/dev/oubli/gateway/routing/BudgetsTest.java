package dev.oubli.gateway.routing;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The budgets a request counts against, read from the gateway's configuration with its overrides (ADR 0049). */
class BudgetsTest {

    static final String ACME = "11111111-1111-4111-8111-111111111111";
    static final String GLOBEX = "22222222-2222-4222-8222-222222222222";

    private static GatewayConfig.RateLimits configured(Map<String, String> properties) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "oubli.gateway.contacts-service", "http://127.0.0.1:1",
                "oubli.gateway.knowledge-service", "http://127.0.0.1:2",
                "oubli.gateway.privacy-service", "http://127.0.0.1:3"));
        all.putAll(properties);
        return new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build().getConfigMapping(GatewayConfig.class).rateLimits();
    }

    @Test
    void withoutOverridesEveryTenantAndClientHasTheDeploymentsBudgets() {
        GatewayConfig.RateLimits config = configured(Map.of());
        assertThat(Budgets.ofClient(config, ACME, "azp:emile", "emile")).containsExactly(
                Map.entry("tenant:" + ACME, 30_000L), Map.entry("client:" + ACME + ":azp:emile", 15_000L));
        assertThat(Budgets.ofAddress(config, "127.0.0.1")).containsExactly(Map.entry("address:127.0.0.1", 6_000L));
    }

    @Test
    void aTenantsOwnBudgetsReplaceTheDeploymentsForThatTenantOnly() {
        GatewayConfig.RateLimits config = configured(Map.of(
                "oubli.gateway.rate-limits.tenants.\"" + ACME + "\".tenant-per-minute", "600",
                "oubli.gateway.rate-limits.tenants.\"" + ACME + "\".client-per-minute", "60",
                "oubli.gateway.rate-limits.tenants.\"" + GLOBEX + "\".client-per-minute", "90"));
        assertThat(Budgets.ofClient(config, ACME, "sub:someone", null)).containsExactly(
                Map.entry("tenant:" + ACME, 600L), Map.entry("client:" + ACME + ":sub:someone", 60L));
        // Globex overrides only its client budget: its tenant budget stays the deployment's.
        assertThat(Budgets.ofClient(config, GLOBEX, "azp:tom", "tom")).containsExactly(
                Map.entry("tenant:" + GLOBEX, 30_000L), Map.entry("client:" + GLOBEX + ":azp:tom", 90L));
        assertThat(Budgets.ofClient(config, "33333333-3333-4333-8333-333333333333", "azp:tom", "tom")).containsValues(30_000L, 15_000L);
    }

    @Test
    void aClientsOwnBudgetReplacesItsTenantsAndTheDeploymentsClientBudget() {
        GatewayConfig.RateLimits config = configured(Map.of(
                "oubli.gateway.rate-limits.tenants.\"" + ACME + "\".client-per-minute", "60",
                "oubli.gateway.rate-limits.clients.\"tom\".client-per-minute", "3"));
        assertThat(Budgets.ofClient(config, ACME, "azp:tom", "tom")).containsExactly(
                Map.entry("tenant:" + ACME, 30_000L), Map.entry("client:" + ACME + ":azp:tom", 3L));
        assertThat(Budgets.ofClient(config, ACME, "azp:emile", "emile")).containsEntry("client:" + ACME + ":azp:emile", 60L);
        // A subject named like the client is not that client: the override is keyed by azp only.
        assertThat(Budgets.ofClient(config, ACME, "sub:tom", null)).containsEntry("client:" + ACME + ":sub:tom", 60L);
    }
}

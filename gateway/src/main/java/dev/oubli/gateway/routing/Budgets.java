package dev.oubli.gateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The budgets one request is counted against, each a key and its deployment-wide requests per minute (ADR 0028, 0049):
 * on tenant APIs the tenant's and the client's within it, a tenant's own figures replacing the deployment's and a
 * client's own (by {@code azp}) replacing both for that client; on the other routes the client address's.
 */
final class Budgets {

    private Budgets() {
    }

    /**
     * @param scope  the token's tenant, or "platform" for a token without one
     * @param client the client within it: {@code azp:<client id>}, else {@code sub:<subject>}
     * @param azp    the token's {@code azp}, or null
     */
    static Map<String, Long> ofClient(GatewayConfig.RateLimits config, String scope, String client, String azp) {
        Optional<GatewayConfig.TenantBudgets> tenant = Optional.ofNullable(config.tenants().get(scope));
        long tenantBudget = tenant.flatMap(GatewayConfig.TenantBudgets::tenantPerMinute).orElse(config.tenantPerMinute());
        long clientBudget = tenant.flatMap(GatewayConfig.TenantBudgets::clientPerMinute).orElse(config.clientPerMinute());
        GatewayConfig.ClientBudget own = azp == null ? null : config.clients().get(azp);
        Map<String, Long> budgets = new LinkedHashMap<>();
        budgets.put("tenant:" + scope, tenantBudget);
        budgets.put("client:" + scope + ":" + client, own == null ? clientBudget : own.clientPerMinute());
        return budgets;
    }

    /** The budget of a caller known by its address (public routes, and routes not counted per tenant). */
    static Map<String, Long> ofAddress(GatewayConfig.RateLimits config, String address) {
        return Map.of("address:" + address, config.addressPerMinute());
    }
}

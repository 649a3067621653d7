package dev.oubli.web.page;

import dev.oubli.web.gateway.GatewayClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Finds a tenant's public name and privacy contact through the gateway. */
@ApplicationScoped
public class TenantDirectory {

    private static final Logger LOG = Logger.getLogger(TenantDirectory.class);

    private final GatewayClient gateway;

    TenantDirectory(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /**
     * Empty for an id that is not a UUID or that the directory does not know (unknown, suspended, terminating or purged:
     * the same 404). A directory that cannot be reached gives a tenant without a name, so the portal still works.
     */
    public Uni<Optional<Tenant>> find(String tenantId, String clientAddress) {
        if (!isUuid(tenantId)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return gateway.get("/public/tenants/" + tenantId, Map.of(), null, clientAddress)
                .map(response -> {
                    if (response.ok()) {
                        return Optional.of(Tenant.from(tenantId, response.body()));
                    }
                    if (response.status() == 404) {
                        return Optional.<Tenant>empty();
                    }
                    LOG.warnf("tenant directory answered %d for tenant %s", response.status(), tenantId);
                    return Optional.of(new Tenant(tenantId, null, null));
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("tenant directory unreachable (%s)", failure.getClass().getSimpleName());
                    return Optional.of(new Tenant(tenantId, null, null));
                });
    }

    public static boolean isUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equals(value.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

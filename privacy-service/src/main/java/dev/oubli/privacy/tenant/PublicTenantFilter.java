package dev.oubli.privacy.tenant;

import dev.oubli.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Public paths that name a tenant ({@code /public/tenants/{tenant}/…}, {@code /public/exports/{tenant}/…}) answer
 * 404 unless it is served (ACTIVE, or TERMINATING within its grace period), before any work for it: no code mailed, no key derived, nothing cached for an id made
 * up. The unsubscribe pages carry their tenant in the signed token and check it themselves.
 */
class PublicTenantFilter {

    private static final Pattern TENANT_PATH = Pattern.compile("^/public/(?:tenants|exports)/([0-9a-fA-F-]{36})(?:/.*)?$");

    private final TenantRegistry registry;

    PublicTenantFilter(TenantRegistry registry) {
        this.registry = registry;
    }

    @ServerRequestFilter
    Uni<Void> requireActiveTenant(ContainerRequestContext request) {
        Matcher path = TENANT_PATH.matcher(request.getUriInfo().getPath());
        if (!path.matches()) {
            return Uni.createFrom().voidItem();
        }
        UUID tenant;
        try {
            tenant = UUID.fromString(path.group(1));
        } catch (IllegalArgumentException notAnId) {
            return Uni.createFrom().failure(ProblemException.notFound("Nothing is found at this address."));
        }
        return registry.requireActive(tenant);
    }
}

package dev.oubli.privacy.tenant;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** A tenant's public profile for the portal; {@link PublicTenantFilter} has answered 404 for a tenant not served. */
@Path("/public/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class PublicTenantResource {

    private final TenantRegistry registry;

    PublicTenantResource(TenantRegistry registry) {
        this.registry = registry;
    }

    @GET
    @PermitAll
    @Path("/{tenantId}")
    public Uni<PublicTenantProfile> profile(@PathParam("tenantId") UUID tenantId) {
        return registry.requireServed(tenantId).map(PublicTenantProfile::of);
    }
}

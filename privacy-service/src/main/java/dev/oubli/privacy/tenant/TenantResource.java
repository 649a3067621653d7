package dev.oubli.privacy.tenant;

import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** Registering tenants: platform automation only, a {@code platform-admin} token bound to no tenant (ADR 0020). */
@Path("/api/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

    private final TenantRegistry registry;
    private final JsonWebToken token;

    TenantResource(TenantRegistry registry, JsonWebToken token) {
        this.registry = registry;
        this.token = token;
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("platform-admin")
    public Uni<TenantResponse> put(@PathParam("id") UUID id, RegisterTenant body) {
        // A tenant's own platform admin is bound to that tenant: registering tenants is above it.
        if (token.getClaim(CallerTenant.CLAIM) != null) {
            throw ProblemException.forbidden("forbidden", "Forbidden", "The access token does not grant this operation.");
        }
        return registry.put(id, body);
    }
}

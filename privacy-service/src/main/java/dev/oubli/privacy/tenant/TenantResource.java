package dev.oubli.privacy.tenant;

import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** Registering and terminating tenants: platform automation only, a {@code platform-admin} token bound to no tenant (ADR 0020). */
@Path("/api/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

    private final TenantRegistry registry;
    private final TenantTermination termination;
    private final TenantPurge purge;
    private final JsonWebToken token;

    TenantResource(TenantRegistry registry, TenantTermination termination, TenantPurge purge, JsonWebToken token) {
        this.registry = registry;
        this.termination = termination;
        this.purge = purge;
        this.token = token;
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("platform-admin")
    public Uni<TenantResponse> put(@PathParam("id") UUID id, RegisterTenant body) {
        requirePlatformAutomation();
        return registry.put(id, body);
    }

    /** Ends the tenant's contract: TERMINATING, with access until the grace period ends (docs/adr/0038). */
    @POST
    @Path("/{id}/termination")
    @RolesAllowed("platform-admin")
    public Uni<TenantResponse> terminate(@PathParam("id") UUID id, TerminateTenant body) {
        requirePlatformAutomation();
        return termination.terminate(id, body);
    }

    /**
     * The signed purge certificate of a PURGED tenant (docs/adr/0051), else 404; verified by anyone with
     * {@code POST /public/erasure-certificates/verification}.
     */
    @GET
    @Path("/{id}/purge-certificate")
    @RolesAllowed("platform-admin")
    public Uni<TenantPurgeCertificate> purgeCertificate(@PathParam("id") UUID id) {
        requirePlatformAutomation();
        return purge.certificate(id);
    }

    // A tenant's own platform admin is bound to that tenant: registering and terminating tenants is above it.
    private void requirePlatformAutomation() {
        if (token.getClaim(CallerTenant.CLAIM) != null) {
            throw ProblemException.forbidden("forbidden", "Forbidden", "The access token does not grant this operation.");
        }
    }
}

package dev.oubli.privacy.selfservice;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** The public, unauthenticated entry of self-service requests and their private status; the web portal calls it. */
@Path("/public/tenants/{tenant}/privacy-requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class SelfServiceResource {

    private final SelfServiceService selfService;

    SelfServiceResource(SelfServiceService selfService) {
        this.selfService = selfService;
    }

    /**
     * Accepted, not verified: a one-time code goes to each identifier given. The client is the address a trusted
     * proxy forwarded ({@code quarkus.http.proxy.*}), else the peer's.
     */
    @POST
    public Uni<Response> submit(@PathParam("tenant") UUID tenant, SelfServiceRequest body, @Context HttpServerRequest http) {
        return selfService.submit(tenant, body, http.remoteAddress() == null ? null : http.remoteAddress().hostAddress())
                .map(accepted -> Response.accepted(accepted).build());
    }

    /** The private status link's page data: the token in the body, never in a URL; 404 for any token not given. */
    @POST
    @Path("/status")
    public Uni<SelfServiceStatus> status(@PathParam("tenant") UUID tenant, StatusQuery body) {
        return selfService.status(tenant, body);
    }

    @POST
    @Path("/{id}/verification")
    public Uni<IdentityVerified> verify(@PathParam("tenant") UUID tenant, @PathParam("id") UUID id, VerifyIdentity body) {
        return selfService.verify(tenant, id, body);
    }
}

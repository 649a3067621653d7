package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

@Path("/api/privacy-requests")
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyRequestResource {

    static final String PATH = "/api/privacy-requests";

    private final PrivacyRequestService requests;
    private final CallerTenant caller;

    PrivacyRequestResource(PrivacyRequestService requests, CallerTenant caller) {
        this.requests = requests;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<PrivacyRequestPage> list() {
        return requests.newestRequests(caller.id());
    }

    /** Accepted, not done: the owners do their part asynchronously; the Location shows the progress. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("privacy-officer")
    public Uni<Response> submit(SubmitPrivacyRequest request) {
        return requests.submit(caller.id(), request)
                // A relative reference: behind the gateway, this service's own host means nothing to the caller.
                .map(accepted -> Response.accepted(accepted).header(HttpHeaders.LOCATION, PATH + "/" + accepted.id()).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<PrivacyRequestResponse> get(@PathParam("id") UUID id) {
        return requests.request(caller.id(), id);
    }
}

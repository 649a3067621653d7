package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/privacy-requests")
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyRequestResource {

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
}

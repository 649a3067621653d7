package dev.oubli.privacy.unsubscribe;

import dev.oubli.tenancy.CallerTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The List-Unsubscribe headers of an email to a recipient. The recipient goes in the body, never the URL. */
@Path("/api/unsubscribe-headers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UnsubscribeHeadersResource {

    private final UnsubscribeService unsubscribe;
    private final CallerTenant caller;

    UnsubscribeHeadersResource(UnsubscribeService unsubscribe, CallerTenant caller) {
        this.unsubscribe = unsubscribe;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({"agent", "contacts-editor", "privacy-officer"})
    public UnsubscribeHeaders headers(UnsubscribeHeadersRequest request) {
        return unsubscribe.headers(caller.id(), request);
    }
}

package dev.oubli.knowledge.privacyrequest;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/erasure-policy")
@Produces(MediaType.APPLICATION_JSON)
public class ErasurePolicyResource {

    private final PrivacyRequestService requests;
    private final CallerTenant caller;

    ErasurePolicyResource(PrivacyRequestService requests, CallerTenant caller) {
        this.requests = requests;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<ErasurePolicy> get() {
        return requests.erasurePolicy(caller.id());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("privacy-officer")
    public Uni<ErasurePolicy> change(ErasurePolicy policy) {
        return requests.changeErasurePolicy(caller.id(), policy);
    }
}

package dev.oubli.knowledge.guard;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/guard-policy")
@Produces(MediaType.APPLICATION_JSON)
public class GuardPolicyResource {

    private final GuardPolicyService policies;
    private final CallerTenant caller;

    GuardPolicyResource(GuardPolicyService policies, CallerTenant caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<GuardPolicyResponse> get() {
        return policies.policy(caller.id());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"knowledge-editor", "privacy-officer"})
    public Uni<GuardPolicyResponse> change(GuardPolicyRequest request) {
        return policies.changePolicy(caller.id(), request);
    }
}

package dev.oubli.privacy.disclosure;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A tenant's AI-disclosure policies, per agent ({@code *}: every agent) and channel ({@code ANY}). */
@Path("/api/disclosure-policies")
@Produces(MediaType.APPLICATION_JSON)
public class DisclosurePolicyResource {

    private final DisclosurePolicyService policies;
    private final CallerTenant caller;

    DisclosurePolicyResource(DisclosurePolicyService policies, CallerTenant caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"platform-admin", "privacy-officer", "viewer"})
    public Uni<DisclosurePolicyPage> list() {
        return policies.policies(caller.id());
    }

    @PUT
    @Path("/{agentId}/{channel}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"platform-admin", "privacy-officer"})
    public Uni<DisclosurePolicy> put(@PathParam("agentId") String agentId, @PathParam("channel") String channel,
                                     DisclosurePolicyRequest body) {
        return policies.put(caller.id(), agentId, channel, body);
    }

    /** 204; the agent falls back to the tenant's policy for every agent, else the default text. */
    @DELETE
    @Path("/{agentId}/{channel}")
    @RolesAllowed({"platform-admin", "privacy-officer"})
    public Uni<Void> delete(@PathParam("agentId") String agentId, @PathParam("channel") String channel) {
        return policies.delete(caller.id(), agentId, channel);
    }
}

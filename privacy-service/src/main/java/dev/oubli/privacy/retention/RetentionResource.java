package dev.oubli.privacy.retention;

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

import java.util.List;
import java.util.UUID;

/** The tenant's retention policy, its purge runs and its legal holds (docs/adr/0057). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    private final RetentionPolicies policies;
    private final RetentionRuns runs;
    private final LegalHolds holds;
    private final CallerTenant caller;

    RetentionResource(RetentionPolicies policies, RetentionRuns runs, LegalHolds holds, CallerTenant caller) {
        this.policies = policies;
        this.runs = runs;
        this.holds = holds;
        this.caller = caller;
    }

    @GET
    @Path("/retention-policies")
    @RolesAllowed({"platform-admin", "privacy-officer", "viewer"})
    public Uni<RetentionPolicyResponse> policy() {
        return policies.policy(caller.id());
    }

    /** Sets some categories' limits ({@code null}: the default again); 400 naming the field outside its range. */
    @PUT
    @Path("/retention-policies")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"platform-admin", "privacy-officer"})
    public Uni<RetentionPolicyResponse> change(RetentionPolicyRequest body) {
        return policies.change(caller.id(), body);
    }

    /** Every owner's purge runs, per category, newest first. */
    @GET
    @Path("/retention-purges")
    @RolesAllowed({"platform-admin", "privacy-officer", "viewer"})
    public Uni<List<RetentionRun>> runs() {
        return runs.list(caller.id());
    }

    @GET
    @Path("/legal-holds")
    @RolesAllowed({"platform-admin", "privacy-officer"})
    public Uni<List<LegalHold>> holds() {
        return holds.list(caller.id());
    }

    @POST
    @Path("/legal-holds")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"platform-admin", "privacy-officer"})
    public Uni<LegalHold> place(LegalHoldRequest body) {
        return holds.place(caller.id(), body);
    }

    @POST
    @Path("/legal-holds/{id}/lift")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"platform-admin", "privacy-officer"})
    public Uni<LegalHold> lift(@PathParam("id") UUID id, LiftLegalHold body) {
        return holds.lift(caller.id(), id, body);
    }
}

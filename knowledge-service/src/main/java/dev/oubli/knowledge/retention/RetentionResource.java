package dev.oubli.knowledge.retention;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/api/retention")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    private final RetentionService retention;
    private final CallerTenant caller;

    RetentionResource(RetentionService retention, CallerTenant caller) {
        this.retention = retention;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<RetentionLimits> limits() {
        return retention.limits(caller.id());
    }

    /** 409: the limits are the tenant's retention policy, set in privacy-service (docs/adr/0057). */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"knowledge-editor", "privacy-officer"})
    public Uni<RetentionLimits> change(RetentionLimits limits) {
        return retention.refuseChange();
    }

    /** Removes now everything older than {@code before}; answers the counts per category. */
    @POST
    @Path("/purges")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"knowledge-editor", "privacy-officer"})
    public Uni<PurgeResult> purge(PurgeRequest request) {
        return retention.purgeNow(caller.id(), request);
    }

    @GET
    @Path("/purges")
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<List<PurgeRun>> runs() {
        return retention.runs(caller.id());
    }
}

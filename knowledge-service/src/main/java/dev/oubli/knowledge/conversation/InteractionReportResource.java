package dev.oubli.knowledge.conversation;

import dev.oubli.knowledge.paging.PageRequest;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Which of the agents' interactions carry a pre-contact check (ADR 0048): the answer should be all of them. */
@Path("/api/interaction-report")
@Produces(MediaType.APPLICATION_JSON)
public class InteractionReportResource {

    private final InteractionReportService reports;
    private final CallerTenant caller;

    InteractionReportResource(InteractionReportService reports, CallerTenant caller) {
        this.reports = reports;
        this.caller = caller;
    }

    /** {@code from} inclusive, {@code to} exclusive (ISO-8601); {@code limit} (1-200, default 50) bounds each id list. */
    @GET
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<InteractionReport> report(@QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("limit") Integer limit) {
        return reports.report(caller.id(), PageRequest.of(null, limit, from, to));
    }
}

package dev.oubli.privacy.audit;

import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.UUID;

@Path("/api/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"privacy-officer", "viewer"})
public class AuditResource {

    private final AuditService audit;
    private final CallerTenant caller;

    AuditResource(AuditService audit, CallerTenant caller) {
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    public Uni<AuditPage> list(@QueryParam("requestId") UUID requestId, @QueryParam("action") String action,
                               @QueryParam("after") @DefaultValue("0") long after,
                               @QueryParam("limit") @DefaultValue("50") int limit) {
        return audit.entries(caller.id(), requestId, action(action), after, limit);
    }

    /**
     * Recomputes the caller's tenant chain against its newest anchor; {@code intact: false} names the first entry that
     * does not hold. Reads the whole chain and the anchor topic: for the privacy officer only.
     */
    @GET
    @Path("/verification")
    @RolesAllowed("privacy-officer")
    public Uni<AuditVerification> verify() {
        return audit.verify(caller.id());
    }

    private static AuditAction action(String action) {
        if (action == null) {
            return null;
        }
        return Arrays.stream(AuditAction.values()).filter(a -> a.name().equals(action)).findFirst()
                .orElseThrow(() -> ProblemException.invalidRequest("action must be one of " + Arrays.toString(AuditAction.values()) + "."));
    }
}

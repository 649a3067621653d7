package dev.oubli.privacy.contactcheck;

import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The tenant's calling hours (docs/adr/0046): read by its viewers and privacy officers, set or reset by its privacy
 * officers. The pre-contact check applies them to every PHONE check.
 */
@Path("/api/calling-hours")
@Produces(MediaType.APPLICATION_JSON)
public class CallingHoursResource {

    private final CallingHoursPolicies policies;
    private final CallingHoursStore store;
    private final CallerTenant caller;

    CallingHoursResource(CallingHoursPolicies policies, CallingHoursStore store, CallerTenant caller) {
        this.policies = policies;
        this.store = store;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<CallingHoursResponse> get() {
        return policies.effective(caller.id()).map(CallingHoursResponse::of);
    }

    /** Replaces the tenant's own hours; 400 naming the field for an unknown day or calendar, a malformed or overlapping window. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("privacy-officer")
    public Uni<CallingHoursResponse> put(CallingHoursRequest body) {
        if (body == null) {
            throw ProblemException.invalidRequest("A body is required.");
        }
        CallingHoursSettings settings;
        try {
            settings = CallingHoursSettings.parse(body.days(), body.holidays());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidRequest(e.getMessage() + ".");
        }
        return store.put(caller.id(), settings).chain(() -> get());
    }

    /** The tenant follows the platform default again; 200 with it (also when it had no hours of its own). */
    @DELETE
    @RolesAllowed("privacy-officer")
    public Uni<CallingHoursResponse> delete() {
        return store.delete(caller.id()).chain(() -> get());
    }
}

package dev.oubli.privacy.suppression;

import dev.oubli.privacy.consent.ConsentRecorder;
import dev.oubli.privacy.subject.SubjectIdentifiers;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The suppression list. Subjects are sent in bodies, never in URLs. */
@Path("/api/suppressions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SuppressionResource {

    private final SuppressionService suppressions;
    private final CallerTenant caller;
    private final JsonWebToken token;

    SuppressionResource(SuppressionService suppressions, CallerTenant caller, JsonWebToken token) {
        this.suppressions = suppressions;
        this.caller = caller;
        this.token = token;
    }

    @GET
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<SuppressionPage> list() {
        return suppressions.newest(caller.id());
    }

    /**
     * Suppresses the subject's email and phone (idempotent) and withdraws its granted consents: the subject's status
     * afterwards.
     */
    @POST
    @RolesAllowed({"privacy-officer", "contacts-editor"})
    public Uni<SuppressionStatus> add(AddSuppression body) {
        return suppressions.add(caller.id(), ConsentRecorder.of(token), body);
    }

    @POST
    @Path("/check")
    @RolesAllowed({"privacy-officer", "contacts-editor", "viewer", "agent"})
    public Uni<SuppressionStatus> check(SubjectIdentifiers subject) {
        return suppressions.check(caller.id(), subject);
    }

    /** Lifts an entry, with a reason kept beside it: a privacy officer's decision, never an agent's. */
    @POST
    @Path("/{id}/lift")
    @RolesAllowed("privacy-officer")
    public Uni<SuppressionEntry> lift(@PathParam("id") long id, LiftSuppression body) {
        return suppressions.lift(caller.id(), id, body);
    }
}

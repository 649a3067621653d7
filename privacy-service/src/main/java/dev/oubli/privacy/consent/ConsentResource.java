package dev.oubli.privacy.consent;

import dev.oubli.events.ConsentState;
import dev.oubli.privacy.subject.SubjectIdentifiers;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.CallerTenant;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The consent ledger. A subject is looked up with a POST so that emails and phones never appear in a URL
 * (and so in access logs).
 */
@Path("/api/consents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConsentResource {

    private final ConsentService consents;
    private final CallerTenant caller;
    private final SecurityIdentity identity;
    private final JsonWebToken token;

    ConsentResource(ConsentService consents, CallerTenant caller, SecurityIdentity identity, JsonWebToken token) {
        this.consents = consents;
        this.caller = caller;
        this.identity = identity;
        this.token = token;
    }

    /**
     * Records a consent given or withdrawn: 201 with the change. An agent may withdraw but never grant: it would
     * raise its own permission to contact someone (docs/adr/0021).
     */
    @POST
    @RolesAllowed({"privacy-officer", "contacts-editor", "agent"})
    public Uni<Response> record(RecordConsentChange change) {
        if (change != null && change.state() == ConsentState.GRANTED
                && !identity.hasRole("privacy-officer") && !identity.hasRole("contacts-editor")) {
            throw ProblemException.forbidden("agent-cannot-grant", "Agents cannot grant consent",
                    "An agent may record a withdrawal, never a grant: grants are recorded by a privacy officer or a contacts editor.");
        }
        return consents.recordChange(caller.id(), ConsentRecorder.of(token), change)
                .map(recorded -> Response.status(Response.Status.CREATED).entity(recorded).build());
    }

    /** A subject's current consents and full history. */
    @POST
    @Path("/lookup")
    @RolesAllowed({"privacy-officer", "contacts-editor", "viewer"})
    public Uni<SubjectConsents> lookup(SubjectIdentifiers subject) {
        return consents.consentsOf(caller.id(), subject);
    }
}

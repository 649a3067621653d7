package dev.oubli.privacy.consent;

import dev.oubli.privacy.subject.SubjectIdentifiers;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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

    ConsentResource(ConsentService consents, CallerTenant caller) {
        this.consents = consents;
        this.caller = caller;
    }

    /** Records a consent given or withdrawn: 201 with the change. */
    @POST
    @RolesAllowed({"privacy-officer", "contacts-editor", "agent"})
    public Uni<Response> record(RecordConsentChange change) {
        return consents.recordChange(caller.id(), change)
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

package dev.oubli.contacts.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

@Path("/api/contacts")
@Produces(MediaType.APPLICATION_JSON)
public class ContactResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final ContactService contacts;
    private final BulkContactErasure bulkErasure;
    private final CallerTenant caller;
    private final ObjectMapper json;
    private final JsonWebToken token;

    ContactResource(ContactService contacts, BulkContactErasure bulkErasure, CallerTenant caller, ObjectMapper json,
                    JsonWebToken token) {
        this.bulkErasure = bulkErasure;
        this.token = token;
        this.contacts = contacts;
        this.caller = caller;
        this.json = json;
    }

    /**
     * Filters combine with AND. {@code restricted} defaults to {@code false}: restricted contacts stay out of
     * listings (outreach) unless asked for with {@code true} or {@code any}. {@code consent} reads
     * {@code CHANNEL:PURPOSE:STATE}. {@code sort}: createdAt, updatedAt or lastName, '-' for descending
     * (default -createdAt). {@code cursor}: the {@code next} of the previous page.
     */
    @GET
    @RolesAllowed({"viewer", "contacts-editor", "privacy-officer"})
    public Uni<ContactPage> list(@QueryParam("email") String email, @QueryParam("phone") String phone,
                                 @QueryParam("q") String text, @QueryParam("consent") String consent,
                                 @QueryParam("restricted") String restricted, @QueryParam("updatedSince") String updatedSince,
                                 @QueryParam("sort") String sort, @QueryParam("cursor") String cursor,
                                 @QueryParam("limit") String limit) {
        return contacts.list(caller.id(), email, phone, text, consent, restricted, updatedSince, sort, cursor, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "contacts-editor", "privacy-officer"})
    public Uni<ContactResponse> get(@PathParam("id") UUID id) {
        return contacts.contact(caller.id(), id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("contacts-editor")
    public Uni<Response> create(CreateContactRequest request) {
        return contacts.create(caller.id(), request)
                // Relative, as the gateway's clients see it: Response.created would make it absolute, this service's own address.
                .map(created -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/contacts/" + created.id())
                        .entity(created).build());
    }

    /** JSON Merge Patch (RFC 7396): a field set to null is cleared, an absent one is kept. */
    @PATCH
    @Path("/{id}")
    @Consumes(MERGE_PATCH)
    @RolesAllowed("contacts-editor")
    public Uni<ContactResponse> patch(@PathParam("id") UUID id, String body) throws JsonProcessingException {
        // A syntax error or a refused value (a NUL character at a field) is answered by the problem mapper.
        JsonNode patch = json.readTree(body == null ? "" : body);
        return contacts.patch(caller.id(), id, patch);
    }

    /**
     * Deleting a contact erases the person (docs/adr/0035): by default ({@code scope=subject}) an ERASURE privacy
     * request is opened for the contact's id, email and phone, and every owner (contacts, conversations and notes,
     * the consent ledger) erases what it holds, the contact included: 202, {@code Location} the privacy request.
     * {@code scope=local} deletes this contact row only, nothing else (204).
     */
    @DELETE
    @Path("/{id}")
    @RolesAllowed("contacts-editor")
    public Uni<Response> delete(@PathParam("id") UUID id, @QueryParam("scope") String scope) {
        if (scope == null || scope.equals("subject")) {
            return contacts.requestErasure(caller.id(), id, StaffId.of(token)).map(request -> {
                String link = "/api/privacy-requests/" + request;
                // Relative, as the gateway's clients see it.
                return Response.accepted(new ContactErasureAccepted(id, request, link)).header(HttpHeaders.LOCATION, link).build();
            });
        }
        if (scope.equals("local")) {
            return contacts.delete(caller.id(), id).map(ignored -> Response.noContent().build());
        }
        throw ProblemException.invalidRequest("scope is subject (the default: the person is erased everywhere) or local.");
    }

    /**
     * Deletes up to 10,000 contacts in one call, each person erased everywhere (docs/adr/0062): 202 with the bulk erasure
     * to follow ({@code Location}) and the ids that named no contact; 404 when none did.
     */
    @POST
    @Path("/erasures")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("contacts-editor")
    public Uni<Response> eraseMany(ContactErasures body) {
        return bulkErasure.request(caller.id(), body, StaffId.of(token)).map(accepted -> Response.accepted(accepted)
                .header(HttpHeaders.LOCATION, accepted.bulkErasure()).build());
    }
}

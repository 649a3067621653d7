package dev.oubli.knowledge.note;

import dev.oubli.knowledge.paging.Page;
import dev.oubli.knowledge.paging.PageRequest;
import dev.oubli.tenancy.CallerTenant;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

@Path("/api/notes")
@Produces(MediaType.APPLICATION_JSON)
public class NoteResource {

    private final NoteService notes;
    private final CallerTenant caller;
    private final SecurityIdentity identity;

    NoteResource(NoteService notes, CallerTenant caller, SecurityIdentity identity) {
        this.notes = notes;
        this.caller = caller;
        this.identity = identity;
    }

    /** Newest first; {@code from} inclusive and {@code to} exclusive bound the creation time. */
    @GET
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<Page<NoteSummary>> list(@QueryParam("contact") UUID contact, @QueryParam("from") String from,
                                       @QueryParam("to") String to, @QueryParam("cursor") String cursor,
                                       @QueryParam("limit") Integer limit) {
        return notes.notes(caller.id(), contact, PageRequest.of(cursor, limit, from, to));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<NoteResponse> get(@PathParam("id") UUID id) {
        return notes.note(caller.id(), id, identity.hasRole("privacy-officer"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("knowledge-editor")
    public Uni<Response> create(NoteRequest request) {
        return notes.createNote(caller.id(), request)
                .map(created -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/notes/" + created.id()).entity(created).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("knowledge-editor")
    public Uni<NoteResponse> update(@PathParam("id") UUID id, NoteRequest request) {
        return notes.updateNote(caller.id(), id, request);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("knowledge-editor")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return notes.deleteNote(caller.id(), id);
    }
}

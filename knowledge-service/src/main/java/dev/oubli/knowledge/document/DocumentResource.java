package dev.oubli.knowledge.document;

import dev.oubli.knowledge.paging.Page;
import dev.oubli.knowledge.paging.PageRequest;
import dev.oubli.tenancy.CallerTenant;
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

@Path("/api/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

    private final DocumentService documents;
    private final CallerTenant caller;

    DocumentResource(DocumentService documents, CallerTenant caller) {
        this.documents = documents;
        this.caller = caller;
    }

    /** Newest first; {@code from} inclusive and {@code to} exclusive bound the creation time. */
    @GET
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<Page<DocumentSummary>> list(@QueryParam("from") String from, @QueryParam("to") String to,
                                           @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return documents.documents(caller.id(), PageRequest.of(cursor, limit, from, to));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<DocumentResponse> get(@PathParam("id") UUID id) {
        return documents.document(caller.id(), id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("knowledge-editor")
    public Uni<Response> create(DocumentRequest request) {
        return documents.createDocument(caller.id(), request)
                .map(created -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/documents/" + created.id()).entity(created).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("knowledge-editor")
    public Uni<DocumentResponse> update(@PathParam("id") UUID id, DocumentRequest request) {
        return documents.updateDocument(caller.id(), id, request);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("knowledge-editor")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return documents.deleteDocument(caller.id(), id);
    }
}

package dev.oubli.knowledge.document;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

    private final DocumentService documents;
    private final CallerTenant caller;

    DocumentResource(DocumentService documents, CallerTenant caller) {
        this.documents = documents;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<DocumentPage> list() {
        return documents.newestDocuments(caller.id());
    }
}

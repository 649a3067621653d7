package dev.oubli.privacy.bulkerasure;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/**
 * A bulk erasure opened by {@code POST /api/contacts/erasures} of contacts-service (docs/adr/0062): where it stands, and
 * its certificate once every batch is settled. The staff who deleted the contacts may follow it, as the officer may.
 */
@Path("/api/bulk-erasures/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"privacy-officer", "contacts-editor", "viewer"})
public class BulkErasureResource {

    private final BulkErasures bulkErasures;
    private final CallerTenant caller;

    BulkErasureResource(BulkErasures bulkErasures, CallerTenant caller) {
        this.bulkErasures = bulkErasures;
        this.caller = caller;
    }

    @GET
    public Uni<BulkErasure> get(@PathParam("id") UUID id) {
        return bulkErasures.find(caller.id(), id);
    }

    @GET
    @Path("/certificate")
    public Uni<BulkErasureCertificate> certificate(@PathParam("id") UUID id) {
        return bulkErasures.certificate(caller.id(), id);
    }
}

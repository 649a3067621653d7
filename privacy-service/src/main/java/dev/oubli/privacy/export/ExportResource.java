package dev.oubli.privacy.export;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

@Path("/")
public class ExportResource {

    private final ExportService exports;
    private final CallerTenant caller;

    ExportResource(ExportService exports, CallerTenant caller) {
        this.exports = exports;
        this.caller = caller;
    }

    /** The export's state and, once READY, its signed download link (to hand to the subject). */
    @GET
    @Path("api/privacy-requests/{id}/export")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("privacy-officer")
    public Uni<ExportStatus> status(@PathParam("id") UUID id) {
        return exports.status(caller.id(), id);
    }

    /** The bundle itself: no token, the link's signature and expiry are the authority. */
    @GET
    @Path("public/exports/{tenant}/{id}")
    @Produces({"application/zip", "application/problem+json"})
    @PermitAll
    public Uni<Response> download(@PathParam("tenant") UUID tenant, @PathParam("id") UUID id,
                                  @QueryParam("expires") long expires, @QueryParam("signature") String signature) {
        return exports.download(tenant, id, expires, signature).map(bundle -> Response.ok(bundle, "application/zip")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"export-" + id + ".zip\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build());
    }
}

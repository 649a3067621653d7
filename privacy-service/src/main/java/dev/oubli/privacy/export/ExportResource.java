package dev.oubli.privacy.export;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

@Path("/public/exports")
public class ExportResource {

    private final ExportService exports;

    ExportResource(ExportService exports) {
        this.exports = exports;
    }

    /** The bundle itself: no token, the link's signature and expiry are the authority. */
    @GET
    @Path("/{tenant}/{id}")
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

package dev.oubli.privacy.export;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.RestMulti;

import java.util.List;
import java.util.Map;
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
    // One type: Quarkus REST negotiates no type for a Multi; a refused link still answers its problem+json.
    @Produces("application/zip")
    @PermitAll
    public RestMulti<byte[]> download(@PathParam("tenant") UUID tenant, @PathParam("id") UUID id,
                                      @QueryParam("expires") long expires, @QueryParam("signature") String signature) {
        // Streamed segment by segment (docs/adr/0025); a refused link fails before the first byte, as a problem.
        return RestMulti.fromUniResponse(exports.download(tenant, id, expires, signature), exports::plaintext, download -> Map.of(
                HttpHeaders.CONTENT_TYPE, List.of("application/zip"),
                HttpHeaders.CONTENT_DISPOSITION, List.of("attachment; filename=\"export-" + id + ".zip\""),
                HttpHeaders.CACHE_CONTROL, List.of("no-store")));
    }
}

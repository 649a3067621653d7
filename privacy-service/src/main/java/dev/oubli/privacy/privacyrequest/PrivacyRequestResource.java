package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;
import dev.oubli.privacy.certificate.ErasureCertificate;
import dev.oubli.privacy.certificate.ErasureCertificateService;
import dev.oubli.privacy.export.ExportService;
import dev.oubli.privacy.export.ExportStatus;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;

@Path("/api/privacy-requests")
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyRequestResource {

    static final String PATH = "/api/privacy-requests";

    private final PrivacyRequestService requests;
    private final ExportService exports;
    private final ErasureCertificateService certificates;
    private final CallerTenant caller;
    private final JsonWebToken token;

    PrivacyRequestResource(PrivacyRequestService requests, ExportService exports, ErasureCertificateService certificates,
                           CallerTenant caller, JsonWebToken token) {
        this.token = token;
        this.requests = requests;
        this.exports = exports;
        this.certificates = certificates;
        this.caller = caller;
    }

    /** Newest first; filters combine; {@code cursor} is the {@code next} of the previous page. */
    @GET
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<PrivacyRequestPage> list(@QueryParam("status") String status, @QueryParam("type") String type,
                                        @QueryParam("dueBefore") String dueBefore, @QueryParam("overdue") @DefaultValue("false") boolean overdue,
                                        @QueryParam("cursor") String cursor,
                                        @QueryParam("limit") @DefaultValue("" + PrivacyRequestService.PAGE_SIZE) int limit) {
        PrivacyRequestFilter filter = new PrivacyRequestFilter(named("status", PrivacyRequestStatus.values(), status),
                named("type", RequestType.values(), type), date(dueBefore), overdue);
        return requests.list(caller.id(), filter, cursor, limit);
    }

    /** Accepted, not done: the owners do their part asynchronously; the Location shows the progress. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("privacy-officer")
    public Uni<Response> submit(SubmitPrivacyRequest request) {
        return requests.submit(caller.id(), request)
                // A relative reference: behind the gateway, this service's own host means nothing to the caller.
                .map(accepted -> Response.accepted(accepted).header(HttpHeaders.LOCATION, PATH + "/" + accepted.id()).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<PrivacyRequestResponse> get(@PathParam("id") UUID id) {
        return requests.request(caller.id(), id);
    }

    @POST
    @Path("/{id}/cancellation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("privacy-officer")
    public Uni<PrivacyRequestResponse> cancel(@PathParam("id") UUID id, CloseRequest body) {
        return requests.cancel(caller.id(), id, body);
    }

    @POST
    @Path("/{id}/rejection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("privacy-officer")
    public Uni<PrivacyRequestResponse> reject(@PathParam("id") UUID id, CloseRequest body) {
        return requests.reject(caller.id(), id, body);
    }

    @POST
    @Path("/{id}/extension")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("privacy-officer")
    public Uni<PrivacyRequestResponse> extend(@PathParam("id") UUID id, ExtendDeadline body) {
        return requests.extend(caller.id(), id, body);
    }

    /**
     * Retries an owner's FAILED task (docs/adr/0041): 202 with the request, IN_PROGRESS again, published again to the
     * owners. Audited with the officer's token subject.
     */
    @POST
    @Path("/{id}/tasks/{owner}/retry")
    @RolesAllowed("privacy-officer")
    public Uni<Response> retry(@PathParam("id") UUID id, @PathParam("owner") String owner) {
        return requests.retry(caller.id(), id, owner, token.getSubject() == null ? "unknown" : token.getSubject())
                .map(request -> Response.accepted(request).header(HttpHeaders.LOCATION, PATH + "/" + id).build());
    }

    /** An erasure's signed certificate once COMPLETED or PARTIALLY_COMPLETED (404 before); the newest after a retry. */
    @GET
    @Path("/{id}/certificate")
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<ErasureCertificate> certificate(@PathParam("id") UUID id) {
        return certificates.certificate(caller.id(), id);
    }

    /** An ACCESS or PORTABILITY request's export and, once READY, its signed link to hand to the subject. */
    @GET
    @Path("/{id}/export")
    @RolesAllowed("privacy-officer")
    public Uni<ExportStatus> export(@PathParam("id") UUID id) {
        return exports.status(caller.id(), id);
    }

    private static <E extends Enum<E>> E named(String parameter, E[] values, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return Arrays.stream(values).filter(value -> value.name().equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.invalidRequest(parameter + " must be one of " + Arrays.toString(values) + "."));
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidRequest("dueBefore must be a date such as 2027-01-31.");
        }
    }
}

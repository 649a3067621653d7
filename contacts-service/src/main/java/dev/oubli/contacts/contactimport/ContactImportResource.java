package dev.oubli.contacts.contactimport;

import dev.oubli.contacts.contact.LawfulBasis;
import dev.oubli.contacts.contact.StaffId;
import dev.oubli.events.ContactChannel;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.CallerTenant;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

@Path("/api/contact-imports")
@Produces(MediaType.APPLICATION_JSON)
public class ContactImportResource {

    static final String CSV = "text/csv";
    static final String JSON_LINES = "application/x-ndjson";
    static final String JSON_LINES_ALT = "application/jsonl";

    private final ContactImportService imports;
    private final CallerTenant caller;
    private final JsonWebToken token;

    ContactImportResource(ContactImportService imports, CallerTenant caller, JsonWebToken token) {
        this.imports = imports;
        this.caller = caller;
        this.token = token;
    }

    /**
     * Starts an import of the body (CSV with a header row, or JSON Lines), streamed to the {@link UploadSpool}, and
     * answers 202 with the job at once (413 past the upload cap, 503 when the spool is full). {@code lawfulBasis} is required; {@code duplicates} is {@code skip}
     * (default) or {@code update}; {@code consentChannels} (e.g. {@code EMAIL,SMS}) grants marketing
     * consent on those channels and then requires its proof: {@code consentSource},
     * {@code consentCollectedAt} and {@code consentTextVersion}.
     */
    @POST
    @Blocking
    @Consumes({CSV, JSON_LINES, JSON_LINES_ALT})
    @RolesAllowed("contacts-editor")
    public Response start(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                          @QueryParam("lawfulBasis") String lawfulBasis, @QueryParam("duplicates") String duplicates,
                          @QueryParam("source") String source, @QueryParam("consentChannels") String consentChannels,
                          @QueryParam("consentSource") String consentSource,
                          @QueryParam("consentCollectedAt") String consentCollectedAt,
                          @QueryParam("consentTextVersion") String consentTextVersion, InputStream body) {
        ImportOptions options = options(contentType, lawfulBasis, duplicates, source, consentChannels, consentSource,
                consentCollectedAt, consentTextVersion).withImporter(StaffId.of(token));
        UUID id;
        try {
            id = imports.submit(caller.id(), options, body);
        } catch (UploadSpool.Full full) {
            return Response.status(503).header("Retry-After", "60").type("application/problem+json")
                    .entity(Map.of("type", "https://oubli.dev/problems/import-capacity", "title", "Import capacity reached",
                            "status", 503, "detail", "Uploads waiting to be imported fill the space set aside for them; try again later."))
                    .build();
        }
        return Response.accepted(Map.of("id", id, "status", "QUEUED"))
                .header(HttpHeaders.LOCATION, "/api/contact-imports/" + id).build(); // relative: .location() would make it absolute
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "contacts-editor", "privacy-officer"})
    public Uni<ContactImportResponse> status(@PathParam("id") UUID id) {
        return imports.status(caller.id(), id);
    }

    static ImportOptions options(String contentType, String lawfulBasis, String duplicates, String source,
                                 String consentChannels, String consentSource, String consentCollectedAt,
                                 String consentTextVersion) {
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        String format = type.equals(CSV) ? ImportOptions.CSV : ImportOptions.JSONL;
        LawfulBasis basis;
        try {
            basis = LawfulBasis.valueOf(lawfulBasis == null ? "" : lawfulBasis.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidRequest("lawfulBasis is required: CONSENT, CONTRACT, LEGITIMATE_INTEREST or LEGAL_OBLIGATION.");
        }
        boolean update;
        if (duplicates == null || duplicates.equals("skip")) {
            update = false;
        } else if (duplicates.equals("update")) {
            update = true;
        } else {
            throw ProblemException.invalidRequest("duplicates must be skip or update.");
        }
        List<String> channels = new ArrayList<>();
        if (consentChannels != null && !consentChannels.isBlank()) {
            for (String channel : consentChannels.split(",")) {
                try {
                    channels.add(ContactChannel.valueOf(channel.strip().toUpperCase(Locale.ROOT)).name());
                } catch (IllegalArgumentException e) {
                    throw ProblemException.invalidRequest("consentChannels lists channels among EMAIL, SMS, PHONE, CHAT.");
                }
            }
        }
        OffsetDateTime collectedAt = null;
        if (!channels.isEmpty()) {
            if (blank(consentSource) || blank(consentCollectedAt) || blank(consentTextVersion)) {
                throw ProblemException.invalidRequest("Marketing consent needs its proof: consentSource, consentCollectedAt and consentTextVersion.");
            }
            collectedAt = collectedAt(consentCollectedAt);
            if (consentSource.length() > 200 || consentTextVersion.length() > 100) {
                throw ProblemException.invalidRequest("consentSource is at most 200 characters, consentTextVersion at most 100.");
            }
            // Both travel to the consent ledger as proof labels (docs/adr/0036): text, never control characters.
            if ((consentSource + consentTextVersion).chars().anyMatch(Character::isISOControl)) {
                throw ProblemException.invalidRequest("consentSource and consentTextVersion hold no control character.");
            }
        }
        String importSource = blank(source) ? "import" : source.strip();
        if (importSource.length() > 100) {
            throw ProblemException.invalidRequest("source is at most 100 characters.");
        }
        return new ImportOptions(format, basis, update, importSource, List.copyOf(channels),
                channels.isEmpty() ? null : consentSource.strip(), collectedAt,
                channels.isEmpty() ? null : consentTextVersion.strip(), null);
    }

    private static OffsetDateTime collectedAt(String text) {
        OffsetDateTime at;
        try {
            at = text.length() == 10 ? LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw invalidCollectedAt();
        }
        // RFC 3339 years have four digits; java.time takes -5000 too, which PostgreSQL cannot hold.
        if (at.getYear() < 1 || at.getYear() > 9999) {
            throw invalidCollectedAt();
        }
        if (at.isAfter(OffsetDateTime.now().plusMinutes(5))) {
            throw ProblemException.invalidRequest("consentCollectedAt is in the future.");
        }
        return at;
    }

    private static ProblemException invalidCollectedAt() {
        return ProblemException.invalidRequest("consentCollectedAt must be a date (2026-01-31) or an RFC 3339 date-time,"
                + " between years 0001 and 9999.");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

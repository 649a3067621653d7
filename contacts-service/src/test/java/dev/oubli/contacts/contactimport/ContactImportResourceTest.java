package dev.oubli.contacts.contactimport;

import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

/** CSV and JSON Lines imports: the job, its report, duplicates, suppression and validation. */
@QuarkusTest
class ContactImportResourceTest {

    final UUID tenant = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Inject
    SubjectIndex subjectIndex;

    @Inject
    ContactImportService imports;

    RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, role));
    }

    String start(String contentType, byte[] body, Map<String, ?> parameters) {
        return as("contacts-editor").contentType(contentType).queryParams(parameters).body(body)
                .when().post("/api/contact-imports")
                .then().statusCode(202)
                .header("Location", matchesPattern("^/api/contact-imports/[0-9a-f-]{36}$"))
                .body("status", equalTo("QUEUED"))
                .extract().path("id");
    }

    JsonPath finished(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> as("viewer").when().get("/api/contact-imports/" + id).then().statusCode(200).extract().jsonPath(),
                job -> List.of("COMPLETED", "FAILED").contains(job.getString("status")));
    }

    int contactsWithEmail(String email) {
        return as("viewer").queryParam("email", email).queryParam("restricted", "any").when().get("/api/contacts")
                .then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    @Test
    void rejectsMalformedRowsOneByOneWhileTheGoodRowsLand() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes("""
                first name;Last_Name;Email;phone;company;attributes.tier\r
                Ada;Lovelace;ada@example.com;06 12 34 56 78;"Engines; Ltd";gold\r
                "Grace";"Hopper \"\"Amazing\"\"";grace@example.com;;"Navy
                Yard";silver
                Broken;"Quote;broken@example.com;;;
                Few;Columns;few@example.com
                Bad;Email;not-an-email;;;
                Bad;Phone;badphone@example.com;+33 1;;
                """.getBytes(StandardCharsets.UTF_8));
        csv.writeBytes(new byte[] {'B', 'a', 'd', ';', 'U', 't', 'f', (byte) 0xC3, (byte) 0x28, ';', 'u', 't', 'f', '@', 'e', 'x', '.', 'c', 'o', ';', ';', ';', '\n'});
        csv.writeBytes("""
                Alan;Turing;alan@example.com;+44 20 7946 0958;;
                "Unclosed;x@example.com;;;
                Last;Good;last@example.com;;;""".getBytes(StandardCharsets.UTF_8));

        JsonPath job = finished(start("text/csv", csv.toByteArray(), Map.of("lawfulBasis", "LEGITIMATE_INTEREST")));

        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getInt("progress.rowsRead")).isEqualTo(10);
        assertThat(job.getInt("progress.accepted")).isEqualTo(4);
        assertThat(job.getInt("progress.rejected")).isEqualTo(6);
        assertThat(job.getInt("progress.percent")).isEqualTo(100);
        assertThat(job.getList("issues", Map.class)).containsExactly(
                Map.of("row", 5, "reason", "BROKEN_QUOTING"),
                Map.of("row", 6, "reason", "WRONG_COLUMN_COUNT"),
                Map.of("row", 7, "reason", "INVALID_EMAIL"),
                Map.of("row", 8, "reason", "INVALID_PHONE"),
                Map.of("row", 9, "reason", "INVALID_UTF8"),
                Map.of("row", 11, "reason", "BROKEN_QUOTING"));
        assertThat(job.prettify()).doesNotContain("example.com", "Lovelace", "Broken");

        as("viewer").queryParam("email", "grace@example.com").when().get("/api/contacts")
                .then().body("items[0].lastName", equalTo("Hopper \"Amazing\""))
                .body("items[0].company", equalTo("Navy\nYard"))
                .body("items[0].lawfulBasis", equalTo("LEGITIMATE_INTEREST"))
                .body("items[0].source", equalTo("import"));
        as("viewer").queryParam("email", "ada@example.com").when().get("/api/contacts")
                .then().body("items[0].company", equalTo("Engines; Ltd"))
                .body("items[0].phone", equalTo("+33612345678"))
                .body("items[0].attributes.tier", equalTo("gold"));
        assertThat(contactsWithEmail("last@example.com")).isOne();
        assertThat(contactsWithEmail("alan@example.com")).isOne();
        assertThat(contactsWithEmail("broken@example.com")).isZero();
    }

    @Test
    void twoImportsOfTheSameFileWithSkipLeaveOneContactPerEmail() {
        byte[] csv = """
                email,firstName
                one@example.com,One
                two@example.com,Two
                ONE@example.com,One again
                """.getBytes(StandardCharsets.UTF_8);
        JsonPath first = finished(start("text/csv", csv, Map.of("lawfulBasis", "CONTRACT", "duplicates", "skip")));
        JsonPath second = finished(start("text/csv", csv, Map.of("lawfulBasis", "CONTRACT", "duplicates", "skip")));

        assertThat(first.getInt("progress.created")).isEqualTo(2);
        assertThat(first.getInt("progress.skipped")).isEqualTo(1);
        assertThat(second.getInt("progress.created")).isZero();
        assertThat(second.getInt("progress.skipped")).isEqualTo(3);
        assertThat(contactsWithEmail("one@example.com")).isOne();
        assertThat(contactsWithEmail("two@example.com")).isOne();
        as("viewer").queryParam("email", "one@example.com").when().get("/api/contacts").then().body("items[0].firstName", equalTo("One"));

        JsonPath update = finished(start("text/csv", "email,company\none@example.com,Acme\n".getBytes(StandardCharsets.UTF_8),
                Map.of("lawfulBasis", "CONTRACT", "duplicates", "update")));
        assertThat(update.getInt("progress.updated")).isOne();
        as("viewer").queryParam("email", "one@example.com").when().get("/api/contacts")
                .then().body("items[0].firstName", equalTo("One")).body("items[0].company", equalTo("Acme"));
    }

    @Test
    void aSuppressedAddressDoesNotComeBackOptedIn() throws Exception {
        // The suppression mirror holds the person (erased earlier: no contact left), as ConsentChanged left it.
        TenantSql.execute(owner, tenant, "insert into suppression (tenant_id, blind_index, suppressed, changed_at) values (?, ?, true, ?)",
                tenant, subjectIndex.email(tenant, "erased@example.com").value(), OffsetDateTime.now());
        byte[] csv = """
                email;firstName
                fresh@example.com;Fresh
                Erased@example.com;Back again
                """.getBytes(StandardCharsets.UTF_8);
        JsonPath job = finished(start("text/csv", csv, Map.of("lawfulBasis", "CONSENT", "consentChannels", "EMAIL,SMS",
                "consentSource", "newsletter form", "consentCollectedAt", "2026-01-15", "consentTextVersion", "v3")));

        assertThat(job.getInt("progress.accepted")).isEqualTo(2);
        assertThat(job.getInt("progress.suppressed")).isOne();
        assertThat(job.getList("issues", Map.class)).containsExactly(Map.of("row", 3, "reason", "SUPPRESSED_NO_MARKETING_CONSENT"));
        as("viewer").queryParam("email", "erased@example.com").when().get("/api/contacts")
                .then().body("items", hasSize(1)).body("items[0].consents", hasSize(0));
        as("viewer").queryParam("email", "fresh@example.com").when().get("/api/contacts")
                .then().body("items[0].consents.state", containsInAnyOrder("GRANTED", "GRANTED"))
                .body("items[0].consents.channel", containsInAnyOrder("EMAIL", "SMS"))
                .body("items[0].consents[0].source", equalTo("IMPORT"));
        as("viewer").queryParam("consent", "EMAIL:MARKETING:GRANTED").when().get("/api/contacts")
                .then().body("items", hasSize(1));
    }

    @Test
    void importsJsonLines() {
        byte[] lines = """
                {"firstName":"Ada","email":"jl.ada@example.com","attributes":{"score":5}}
                {"firstName":"Bad",
                {"firstName":"Who","nickname":"x"}

                {"firstName":"Grace","email":"jl.grace@example.com","phone":"+33 6 12 34 56 79"}
                """.getBytes(StandardCharsets.UTF_8);
        JsonPath job = finished(start("application/x-ndjson", lines, Map.of("lawfulBasis", "CONTRACT")));
        assertThat(job.getInt("progress.accepted")).isEqualTo(2);
        assertThat(job.getList("issues", Map.class)).containsExactly(
                Map.of("row", 2, "reason", "INVALID_JSON"), Map.of("row", 3, "reason", "UNKNOWN_FIELD"));
        as("viewer").queryParam("email", "jl.ada@example.com").when().get("/api/contacts")
                .then().body("items[0].attributes.score", equalTo(5));
    }

    @Test
    void aFileWithAnUnknownColumnFails() {
        JsonPath job = finished(start("text/csv", "email,shoeSize\na@example.com,42\n".getBytes(StandardCharsets.UTF_8),
                Map.of("lawfulBasis", "CONTRACT")));
        assertThat(job.getString("status")).isEqualTo("FAILED");
        assertThat(job.getString("failure")).isEqualTo("UNKNOWN_COLUMN");
    }

    /** A job row as an instance leaves it, RUNNING, with its lease ending after {@code leaseSeconds} (negative: past). */
    UUID runningJob(int leaseSeconds) throws Exception {
        UUID id = UUID.randomUUID();
        TenantSql.execute(owner, tenant, """
                insert into contact_import (tenant_id, id, status, format, lawful_basis, duplicates, source, bytes_total,
                    bytes_read, rows_read, lease_until)
                values (?, ?, 'RUNNING', 'csv', 'CONTRACT', 'skip', 'test', 1000, 400, 10, now() + make_interval(secs => ?))""",
                tenant, id, leaseSeconds);
        return id;
    }

    @Test
    void aJobWhoseInstanceStoppedReadsAsInterrupted() throws Exception {
        UUID abandoned = runningJob(-1);
        as("viewer").when().get("/api/contact-imports/" + abandoned).then().statusCode(200)
                .body("status", equalTo("FAILED")).body("failure", equalTo("INTERRUPTED"))
                .body("progress.rowsRead", equalTo(10)).body("finishedAt", notNullValue());

        JsonPath done = finished(start("text/csv", "email\nlease@example.com\n".getBytes(StandardCharsets.UTF_8),
                Map.of("lawfulBasis", "CONTRACT")));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        TenantSql.execute(owner, tenant, "update contact_import set lease_until = now() - interval '1 hour' where id = ?",
                UUID.fromString(done.getString("id")));
        as("viewer").when().get("/api/contact-imports/" + done.getString("id")).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("failure", nullValue());
    }

    @Test
    void theInstanceRunningAJobRenewsItsLease() throws Exception {
        UUID running = runningJob(1);
        imports.track(new TenantId(tenant), running);
        try {
            imports.renewLeases();
            Thread.sleep(1500); // past the lease the job was written with
            as("viewer").when().get("/api/contact-imports/" + running).then().statusCode(200).body("status", equalTo("RUNNING"));
        } finally {
            imports.untrack(running);
        }
        TenantSql.execute(owner, tenant, "update contact_import set lease_until = now() - interval '1 second' where id = ?", running);
        as("viewer").when().get("/api/contact-imports/" + running).then().statusCode(200).body("failure", equalTo("INTERRUPTED"));
    }

    @Test
    void validatesTheDeclarationRolesAndTenant() {
        byte[] csv = "email\na@example.com\n".getBytes(StandardCharsets.UTF_8);
        as("contacts-editor").contentType("text/csv").body(csv).when().post("/api/contact-imports")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("lawfulBasis"));
        as("contacts-editor").contentType("text/csv").queryParam("lawfulBasis", "CONSENT").queryParam("consentChannels", "EMAIL")
                .body(csv).when().post("/api/contact-imports")
                .then().statusCode(400).body("detail", containsString("proof"));
        as("contacts-editor").contentType("text/csv").queryParam("lawfulBasis", "CONTRACT").queryParam("duplicates", "merge")
                .body(csv).when().post("/api/contact-imports").then().statusCode(400);
        as("viewer").contentType("text/csv").queryParam("lawfulBasis", "CONTRACT").body(csv)
                .when().post("/api/contact-imports").then().statusCode(403);
        given().contentType("text/csv").queryParam("lawfulBasis", "CONTRACT").body(csv)
                .when().post("/api/contact-imports").then().statusCode(401);

        String id = start("text/csv", csv, Map.of("lawfulBasis", "CONTRACT"));
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer")).when().get("/api/contact-imports/" + id)
                .then().statusCode(404).contentType("application/problem+json").body("type", endsWith("/not-found"))
                .body(not(containsString("a@example.com")));
    }

    @Test
    void aNulCharacterRejectsItsCsvRowAloneWithItsLineNumber() {
        byte[] csv = ("email,firstName,attributes.note\n"
                + "nul.before@example.com,Before,\n"
                + "nul.row@example.com,Ada\u0000,\n"
                + "nul.attribute@example.com,Grace,x\u0000y\n"
                + "nul.after@example.com,After,\n").getBytes(StandardCharsets.UTF_8);

        JsonPath job = finished(start("text/csv", csv, Map.of("lawfulBasis", "CONTRACT")));

        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getInt("progress.created")).isEqualTo(2);
        assertThat(job.getInt("progress.rejected")).isEqualTo(2);
        assertThat(job.getList("issues", Map.class)).containsExactly(
                Map.of("row", 3, "reason", "INVALID_CHARACTER"),
                Map.of("row", 4, "reason", "INVALID_CHARACTER"));
        assertThat(contactsWithEmail("nul.before@example.com")).isOne();
        assertThat(contactsWithEmail("nul.after@example.com")).isOne();
        assertThat(contactsWithEmail("nul.row@example.com")).isZero();
    }

    @Test
    void aNulCharacterAnUnpairedSurrogateOrAnInfiniteNumberRejectsItsJsonLinesRowAlone() {
        byte[] lines = """
                {"email":"jl.before@example.com"}
                {"email":"jl.nul@example.com","lastName":"Love\\u0000lace"}
                {"email":"jl.surrogate@example.com","company":"\\ud800"}
                {"email":"jl.key@example.com","attributes":{"a\\u0000":"b"}}
                {"email":"jl.infinite@example.com","attributes":{"n":1e400}}
                {"email":"jl.after@example.com"}
                """.getBytes(StandardCharsets.UTF_8);

        JsonPath job = finished(start("application/x-ndjson", lines, Map.of("lawfulBasis", "CONTRACT")));

        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getInt("progress.created")).isEqualTo(2);
        assertThat(job.getList("issues", Map.class)).containsExactly(
                Map.of("row", 2, "reason", "INVALID_CHARACTER"),
                Map.of("row", 3, "reason", "INVALID_CHARACTER"),
                Map.of("row", 4, "reason", "INVALID_CHARACTER"),
                Map.of("row", 5, "reason", "INVALID_ATTRIBUTES"));
        assertThat(contactsWithEmail("jl.before@example.com")).isOne();
        assertThat(contactsWithEmail("jl.after@example.com")).isOne();
    }

    @Test
    void aConsentDateOutsideYears1To9999IsA400ProblemNotA500() {
        byte[] csv = "email\nold.consent@example.com\n".getBytes(StandardCharsets.UTF_8);
        for (String at : List.of("-5000-01-01T00:00:00Z", "0000-01-01")) {
            as("contacts-editor").contentType("text/csv")
                    .queryParams(Map.of("lawfulBasis", "CONSENT", "consentChannels", "EMAIL", "consentSource", "web-form",
                            "consentCollectedAt", at, "consentTextVersion", "v1"))
                    .body(csv).when().post("/api/contact-imports")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("consentCollectedAt"));
        }
    }
}

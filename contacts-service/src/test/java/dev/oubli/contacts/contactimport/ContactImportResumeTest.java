package dev.oubli.contacts.contactimport;

import dev.oubli.contacts.ContactsConfig;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An import interrupted by a shutdown or a {@code kill -9} resumes from its last committed batch when the service starts
 * again, and writes each row once (docs/adr/0045). The interrupted instance is played by its traces: the job's kept
 * upload in the spool directory and the job row as it left it (RUNNING, its lease run out, the first batch committed).
 */
@QuarkusTest
class ContactImportResumeTest {

    static final int ROWS = 30;
    static final int COMMITTED = 10;

    final UUID tenant = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Inject
    ContactsConfig config;

    @Inject
    ContactImportService imports;

    RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, role));
    }

    String email(int row) {
        return "resume-" + row + "-" + tenant + "@example.com";
    }

    byte[] csv(int from, int to) {
        StringBuilder csv = new StringBuilder("email;first name\n");
        for (int row = from; row < to; row++) {
            csv.append(email(row)).append(";Row").append(row).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    JsonPath finished(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> as("viewer").when().get("/api/contact-imports/" + id).then().statusCode(200).extract().jsonPath(),
                job -> List.of("COMPLETED", "FAILED").contains(job.getString("status")));
    }

    @Test
    void anImportInterruptedAfterItsFirstBatchResumesAtStartFromTheNextRowAndWritesEachRowOnce() throws Exception {
        // What the stopped instance committed: the first rows' contacts (an import of theirs), and its job's progress.
        JsonPath first = finished(as("contacts-editor").contentType("text/csv").queryParam("lawfulBasis", "CONTRACT")
                .body(csv(0, COMMITTED)).when().post("/api/contact-imports").then().statusCode(202).extract().jsonPath().getString("id"));
        assertThat(first.getString("status")).isEqualTo("COMPLETED");
        UUID interrupted = UUID.randomUUID();
        byte[] upload = csv(0, ROWS);
        TenantSql.execute(owner, tenant, """
                insert into contact_import (tenant_id, id, status, format, lawful_basis, duplicates, source, bytes_total,
                    bytes_read, rows_read, rows_accepted, lease_until)
                values (?, ?, 'RUNNING', 'CSV', 'CONTRACT', 'skip', 'crm', ?, 200, ?, ?, now() - interval '1 minute')""",
                tenant, interrupted, (long) upload.length, (long) COMMITTED, (long) COMMITTED);
        Path spool = config.imports().uploadDir().toAbsolutePath();
        Files.createDirectories(spool);
        Files.write(spool.resolve("contact-import-" + tenant + "_" + interrupted + ".job"), upload);

        imports.resumeInterrupted(null); // the service's start

        JsonPath job = finished(interrupted.toString());
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getString("failure")).isNull();
        assertThat(job.getInt("progress.rowsRead")).isEqualTo(ROWS);
        assertThat(job.getInt("progress.created")).isEqualTo(ROWS); // 10 before the interruption, 20 after
        assertThat(job.getInt("progress.skipped")).isZero(); // the committed rows were not read again
        for (int row = 0; row < ROWS; row++) {
            assertThat(as("viewer").queryParam("email", email(row)).when().get("/api/contacts").then().statusCode(200)
                    .extract().jsonPath().getList("items")).as("contacts of row " + row).hasSize(1);
        }
        Path kept = spool.resolve("contact-import-" + tenant + "_" + interrupted + ".job");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(kept)); // deleted once the job ended
    }

    @Test
    void aKeptUploadWhoseJobHadEndedIsOnlyDeleted() throws Exception {
        UUID ended = UUID.randomUUID();
        TenantSql.execute(owner, tenant, """
                insert into contact_import (tenant_id, id, status, format, lawful_basis, duplicates, source, bytes_total, finished_at)
                values (?, ?, 'COMPLETED', 'CSV', 'CONTRACT', 'skip', 'crm', 10, now())""", tenant, ended);
        Path file = config.imports().uploadDir().toAbsolutePath().resolve("contact-import-" + tenant + "_" + ended + ".job");
        Files.createDirectories(file.getParent());
        Files.write(file, csv(0, 3));

        imports.resumeInterrupted(null);

        assertThat(Files.exists(file)).isFalse();
        as("viewer").when().get("/api/contact-imports/" + ended).then().statusCode(200);
        assertThat(as("viewer").queryParam("email", email(0)).when().get("/api/contacts").then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();
    }
}

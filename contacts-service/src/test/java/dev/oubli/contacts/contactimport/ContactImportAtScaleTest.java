package dev.oubli.contacts.contactimport;

import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000,000 CSV rows, generated while they are uploaded, imported with the heap capped at 256 MiB (this
 * class runs in its own Surefire execution with {@code -Xmx256m}: see the module's pom).
 */
@QuarkusTest
class ContactImportAtScaleTest {

    static final int ROWS = 1_000_000;
    private static final Logger LOG = Logger.getLogger(ContactImportAtScaleTest.class);

    final UUID tenant = UUID.randomUUID();

    @TestHTTPResource("/api/contact-imports")
    URL imports;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @AfterEach
    void removeTheMillion() throws Exception {
        TenantSql.execute(owner, tenant, "delete from contact where tenant_id = ?", tenant);
        TenantSql.execute(owner, tenant, "delete from contact_import where tenant_id = ?", tenant);
    }

    @Test
    void importsAMillionRowsInFlatMemory() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("heap cap of this run").isLessThanOrEqualTo(256L * 1024 * 1024);
        String token = TestTokens.forTenant(tenant, "contacts-editor");
        long started = System.nanoTime();
        HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(imports + "?lawfulBasis=CONTRACT&duplicates=skip"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedCsv(ROWS)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        long uploaded = System.nanoTime();
        String id = JsonPath.from(accepted.body()).getString("id");

        JsonPath job = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1)).until(
                // A fresh token each time: test tokens live five minutes.
                () -> given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get(imports + "/" + id)
                        .then().statusCode(200).extract().jsonPath(),
                state -> !state.getString("status").equals("QUEUED") && !state.getString("status").equals("RUNNING"));
        long done = System.nanoTime();
        LOG.infof("Imported %d rows: upload %d ms, import %d ms after the upload, %d rows/s overall; heap max %d MiB",
                ROWS, (uploaded - started) / 1_000_000, (done - uploaded) / 1_000_000,
                ROWS * 1_000_000_000L / (done - started), Runtime.getRuntime().maxMemory() >> 20);

        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getLong("progress.rowsRead")).isEqualTo(ROWS);
        assertThat(job.getLong("progress.created")).isEqualTo(ROWS);
        assertThat(job.getLong("progress.rejected")).isZero();
        assertThat(job.getInt("progress.percent")).isEqualTo(100);
    }

    /** A CSV of {@code rows} distinct contacts, produced as it is read. */
    static final class GeneratedCsv extends InputStream {
        private final int rows;
        private int next;
        private byte[] chunk = "firstName,lastName,email,phone,company\n".getBytes(StandardCharsets.UTF_8);
        private int at;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return chunk[at++] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, chunk.length - at);
            System.arraycopy(chunk, at, buffer, offset, n);
            at += n;
            return n;
        }

        private boolean fill() {
            if (at < chunk.length) {
                return true;
            }
            if (next >= rows) {
                return false;
            }
            StringBuilder lines = new StringBuilder(1000 * 80);
            for (int end = Math.min(rows, next + 1000); next < end; next++) {
                lines.append("First").append(next).append(",Last").append(next).append(",user").append(next)
                        .append("@example.com,+3361").append(String.format("%07d", next)).append(',')
                        .append(next % 10 == 0 ? "\"Company, " + (next % 1000) + "\"" : "Company " + (next % 1000)).append('\n');
            }
            chunk = lines.toString().getBytes(StandardCharsets.UTF_8);
            at = 0;
            return true;
        }
    }
}

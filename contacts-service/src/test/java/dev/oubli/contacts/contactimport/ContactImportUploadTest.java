package dev.oubli.contacts.contactimport;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

/**
 * The upload of an import: capped (413 problem, with or without Content-Length), spooled in a private
 * directory within a bounded space, and its file deleted when the upload aborts. Small limits here, so
 * the test sends little.
 */
@QuarkusTest
@TestProfile(ContactImportUploadTest.SmallUploads.class)
class ContactImportUploadTest {

    static final Path UPLOADS = Path.of("target", "import-upload-test").toAbsolutePath();
    static final int CAP = 256 * 1024;

    public static class SmallUploads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("oubli.contacts.import.max-upload-size", "256K",
                    "oubli.contacts.import.max-spool-size", "384K",
                    "oubli.contacts.import.upload-dir", UPLOADS.toString());
        }
    }

    final UUID tenant = UUID.randomUUID();

    @TestHTTPResource("/api/contact-imports")
    URL imports;

    RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, role));
    }

    @BeforeEach
    void noUploadInProgress() {
        await().atMost(Duration.ofSeconds(30)).until(() -> uploads().isEmpty());
    }

    static List<Path> uploads() throws IOException {
        if (!Files.isDirectory(UPLOADS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(UPLOADS)) {
            return files.toList();
        }
    }

    /** A CSV of about {@code bytes} bytes. */
    static byte[] csv(int bytes) {
        StringBuilder text = new StringBuilder("email,firstName\n");
        for (int n = 0; text.length() < bytes; n++) {
            text.append("upload").append(n).append("@example.com,Name").append(n).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUploadOverTheCapIsRefusedWith413Problem() {
        as("contacts-editor").contentType("text/csv").queryParam("lawfulBasis", "CONTRACT").body(csv(CAP + 1024))
                .when().post("/api/contact-imports")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", endsWith("/payload-too-large"))
                .body("detail", containsString(Integer.toString(CAP)));
    }

    @Test
    void aChunkedUploadOverTheCapIsRefusedWith413ProblemAndLeavesNoFile() throws Exception {
        byte[] body = csv(CAP + 64 * 1024);
        HttpRequest request = HttpRequest.newBuilder(URI.create(imports + "?lawfulBasis=CONTRACT"))
                .header("Authorization", "Bearer " + TestTokens.forTenant(tenant, "contacts-editor"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("payload-too-large");
        await().atMost(Duration.ofSeconds(10)).until(() -> uploads().isEmpty());
    }

    @Test
    void anAbortedUploadLeavesNoFileBehind() throws Exception {
        try (Socket socket = new Socket(imports.getHost(), imports.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/contact-imports?lawfulBasis=CONTRACT HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Authorization: Bearer " + TestTokens.forTenant(tenant, "contacts-editor") + "\r\n"
                    + "Content-Type: text/csv\r\n"
                    + "Content-Length: " + (CAP - 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(csv(CAP / 2));
            out.flush();
            // The upload is being spooled, readable by its owner only...
            await().atMost(Duration.ofSeconds(10)).until(() -> !uploads().isEmpty());
            assertThat(Files.getPosixFilePermissions(UPLOADS))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE);
            assertThat(Files.getPosixFilePermissions(uploads().get(0)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        } // ... when the client goes away mid-body.

        await().atMost(Duration.ofSeconds(30)).until(() -> uploads().isEmpty());
    }

    @Test
    void uploadsBeyondTheSpoolSpaceAreRefusedWith503UntilSpaceIsFree() throws Exception {
        try (Socket socket = new Socket(imports.getHost(), imports.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/contact-imports?lawfulBasis=CONTRACT HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Authorization: Bearer " + TestTokens.forTenant(tenant, "contacts-editor") + "\r\n"
                    + "Content-Type: text/csv\r\n"
                    + "Content-Length: " + (CAP - 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(csv(CAP - 16 * 1024));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> uploads().stream().anyMatch(file -> size(file) > CAP / 2));

            // 240 KiB held by the upload in progress, 384 KiB of room: a second upload of 200 KiB does not fit.
            as("contacts-editor").contentType("text/csv").queryParam("lawfulBasis", "CONTRACT").body(csv(200 * 1024))
                    .when().post("/api/contact-imports")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "60");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> uploads().isEmpty());
        as("contacts-editor").contentType("text/csv").queryParam("lawfulBasis", "CONTRACT").body(csv(200 * 1024))
                .when().post("/api/contact-imports")
                .then().statusCode(202);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }
}

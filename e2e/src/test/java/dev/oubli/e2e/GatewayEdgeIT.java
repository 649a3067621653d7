package dev.oubli.e2e;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The suite's gateway as its single public entry (issue 18, ADR 0028, 0049): a 50 MiB contact import streamed through it
 * completes, a 2 MB JSON body is a 413 problem, an unknown route a 404 problem, answers carry the security headers and
 * the caller's request id, and a client over its budget gets a 429 problem with Retry-After and RateLimit-* headers.
 */
class GatewayEdgeIT {

    /** Over 50 MB, as the issue asks of an import through the single entry. */
    static final long IMPORT_BYTES = 50L * 1024 * 1024;
    /** The only client with a budget of its own in the suite (Suite: oubli.gateway.rate-limits.clients."tom"). */
    static final String LIMITED_CLIENT = "tom";
    static final int LIMITED_CLIENT_PER_MINUTE = 5;

    private static String gateway() {
        return Suite.url("gateway").toString();
    }

    @Test
    void aFiftyMebibyteImportStreamedThroughTheGatewayCompletesWithEveryRow() throws Exception {
        GeneratedCsv csv = new GeneratedCsv(UUID.randomUUID().toString().substring(0, 8), IMPORT_BYTES);
        HttpRequest upload = HttpRequest.newBuilder(URI.create(gateway() + "/api/contact-imports?lawfulBasis=CONTRACT&source=e2e-gateway-edge"))
                .header("Authorization", "Bearer " + Keycloak.userToken("acme-contacts-editor"))
                .header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(5))
                // No length declared: the gateway counts the body against the route's cap as it streams.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csv))
                .build();
        HttpResponse<String> accepted = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(upload, HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(csv.sent()).isGreaterThanOrEqualTo(IMPORT_BYTES);
        String id = JsonPath.from(accepted.body()).getString("id");

        String token = Keycloak.userToken("acme-viewer");
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            String status = given().baseUri(gateway()).auth().oauth2(token).get("/api/contact-imports/" + id)
                    .then().statusCode(200).extract().path("status");
            return "COMPLETED".equals(status) || "FAILED".equals(status);
        });
        JsonPath job = given().baseUri(gateway()).auth().oauth2(token).get("/api/contact-imports/" + id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("COMPLETED");
        assertThat(job.getLong("progress.rowsRead")).isEqualTo(csv.rows());
        assertThat(job.getLong("progress.created")).isEqualTo(csv.rows());
        assertThat(job.getLong("progress.rejected")).isZero();
    }

    @Test
    void aTwoMegabyteJsonBodyIsA413Problem() {
        byte[] body = ("{\"firstName\":\"" + "a".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        given().baseUri(gateway()).auth().oauth2(Keycloak.userToken("acme-contacts-editor"))
                .contentType("application/json").body(body)
                .when().post("/api/contacts")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/payload-too-large"))
                .body("status", equalTo(413));
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        given().baseUri(gateway()).auth().oauth2(Keycloak.userToken("acme-viewer"))
                .when().get("/api/no-such-api/42")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/not-found"));
        given().baseUri(gateway()).when().get("/no-such-page")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anApiAnswerAndAnHtmlPageCarryTheSecurityHeadersAndTheRequestId() {
        String requestId = "e2e-edge-" + UUID.randomUUID();
        given().baseUri(gateway()).auth().oauth2(Keycloak.userToken("acme-viewer")).header("X-Request-Id", requestId)
                .when().get("/api/contacts")
                .then().statusCode(200)
                .header("X-Request-Id", requestId)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", containsString("no-store"));

        Response page = given().baseUri(gateway()).redirects().follow(false).when().get("/portal/11111111-1111-4111-8111-111111111111?lang=en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void aClientOverItsBudgetGetsA429ProblemWithRetryAfterAndRateLimitHeaders() {
        String token = Keycloak.clientToken(LIMITED_CLIENT, "tom-demo-secret");
        List<Integer> allowed = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i <= LIMITED_CLIENT_PER_MINUTE && refused == null; i++) {
            Response answer = given().baseUri(gateway()).auth().oauth2(token).when().get("/api/contact-checks/noop");
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
                assertThat(answer.header("RateLimit-Limit")).isEqualTo(String.valueOf(LIMITED_CLIENT_PER_MINUTE));
                allowed.add(Integer.parseInt(answer.header("RateLimit-Remaining")));
            }
        }
        assertThat(refused).as("a 429 within %d requests", LIMITED_CLIENT_PER_MINUTE + 1).isNotNull();
        assertThat(allowed).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        refused.then().contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/too-many-requests"))
                .body("status", equalTo(429));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("RateLimit-Limit")).isEqualTo(String.valueOf(LIMITED_CLIENT_PER_MINUTE));
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("RateLimit-Policy")).isEqualTo(LIMITED_CLIENT_PER_MINUTE + ";w=60");
        assertThat(Long.parseLong(refused.header("RateLimit-Reset"))).isBetween(1L, 60L);

        // Another client of the same tenant is not limited by it.
        given().baseUri(gateway()).auth().oauth2(Keycloak.clientToken("emile", "emile-demo-secret"))
                .when().get("/api/contact-checks/noop").then().statusCode(200);
    }

    /**
     * A CSV of unique contacts made as it is read, never held whole: each row about 14 kB (a repeated attribute text,
     * under contacts-service's 16 kB attribute cap), as many rows as reach {@code bytes}.
     */
    static final class GeneratedCsv extends InputStream {

        private static final String FILLER = "Lorem ipsum dolor sit amet consectetur adipiscing elit. ".repeat(245);

        private final String mark;
        private final long rows;
        private byte[] current = "firstName,email,attributes.note\n".getBytes(StandardCharsets.UTF_8);
        private int position;
        private long next;
        private long sent;

        GeneratedCsv(String mark, long bytes) {
            this.mark = mark;
            this.rows = (bytes + row(0).length - 1) / row(0).length + 1;
        }

        long rows() {
            return rows;
        }

        long sent() {
            return sent;
        }

        private byte[] row(long index) {
            return ("Edge" + index + ",edge-" + mark + "-" + index + "@example.invalid," + FILLER + index + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == current.length) {
                if (next == rows) {
                    return -1;
                }
                current = row(next++);
                position = 0;
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, count);
            position += count;
            sent += count;
            return count;
        }
    }
}

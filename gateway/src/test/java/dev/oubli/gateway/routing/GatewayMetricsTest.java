package dev.oubli.gateway.routing;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's metrics label proxied requests by route, never by raw path: unsubscribe tokens are bearer
 * credentials and ids are unbounded (Micrometer stops recording new routes at 100 URI tags).
 */
@QuarkusTest
@QuarkusTestResource(RecordingUpstream.class)
class GatewayMetricsTest {

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    private String scrape() {
        return given().when().get(metrics).then().statusCode(200).extract().asString();
    }

    private long requestSeries(String scraped) {
        return scraped.lines().filter(line -> line.startsWith("http_server_requests_seconds_count")
                || line.startsWith("http_client_requests_seconds_count")).count();
    }

    private static final String BEARER = TestTokens.forTenant(UUID.randomUUID(), "viewer");

    private void sendOneOfEach(String token, UUID id) {
        given().when().get("/u/" + token).then().statusCode(200);
        given().auth().oauth2(BEARER).when().get("/api/contacts/" + id).then().statusCode(200);
    }

    @Test
    void appendsTheCallersAddressToXForwardedFor() {
        given().header("X-Forwarded-For", "198.51.100.7").when().get("/u/some-token")
                .then().statusCode(200)
                .body("forwardedFor", org.hamcrest.Matchers.equalTo("198.51.100.7, 127.0.0.1"));
        given().when().get("/u/some-token")
                .then().statusCode(200)
                .body("forwardedFor", org.hamcrest.Matchers.equalTo("127.0.0.1"));
    }

    @Test
    void aThousandDistinctTokensAndIdsLeaveTheNumberOfSeriesUnchanged() {
        sendOneOfEach("warm-up-token", UUID.randomUUID());
        given().when().get("/api/notes/" + UUID.randomUUID()).then().statusCode(401);
        long before = requestSeries(scrape());

        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String token = "tok" + UUID.randomUUID().toString().replace("-", "");
            tokens.add(token);
            sendOneOfEach(token, UUID.randomUUID());
        }
        for (int i = 0; i < 50; i++) {
            given().when().get("/api/notes/" + UUID.randomUUID()).then().statusCode(401);
        }

        String after = scrape();
        assertThat(requestSeries(after)).isEqualTo(before);
        assertThat(tokens).noneMatch(after::contains);
        assertThat(after).contains("uri=\"/u/*\"").contains("uri=\"/api/contacts/*\"");
    }

    @Test
    void eachRouteHasALatencyHistogramByStatus() {
        sendOneOfEach("histogram-token", UUID.randomUUID());
        assertThat(scrape().lines().filter(line -> line.startsWith("http_server_requests_seconds_bucket")
                && line.contains("uri=\"/api/contacts/*\"") && line.contains("status=\"200\"")))
                .anyMatch(line -> line.contains("le=\"0.005\""))
                .anyMatch(line -> line.contains("le=\"+Inf\""));
    }
}

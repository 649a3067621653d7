package dev.oubli.gateway.routing;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

/** What every answer carries, and what every request carries on to its service. */
@QuarkusTest
@QuarkusTestResource(RecordingUpstream.class)
class EdgeHeadersTest {

    static final String BEARER = TestTokens.forTenant(UUID.randomUUID(), "viewer");

    @Test
    void everyAnswerCarriesTheSecurityHeadersWhoeverWroteIt() {
        for (Response response : new Response[]{
                given().auth().oauth2(BEARER).get("/api/contacts"),
                given().get("/api/contacts"),
                given().get("/nothing"),
                given().get("/u/some-token")}) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("X-Request-Id")).isNotBlank();
            assertThat(response.header("Strict-Transport-Security")).isNull();
        }
    }

    @Test
    void personalDataIsNeverStoredByCaches() {
        given().auth().oauth2(BEARER).get("/api/contacts").then().header("Cache-Control", "no-store");
        given().get("/u/some-token").then().header("Cache-Control", "no-store");
        given().get("/public/exports/7").then().header("Cache-Control", "no-store");
    }

    @Test
    void htmlPagesCannotBeFramedAndGetAStrictPolicy() {
        given().get("/u/some-token/page.html").then().statusCode(200)
                .header("Content-Security-Policy", matchesPattern(".*default-src 'none'.*frame-ancestors 'none'.*"));
    }

    @Test
    void behindTlsTheAnswerAsksForTlsOnly() {
        given().header("X-Forwarded-Proto", "https").get("/u/some-token")
                .then().header("Strict-Transport-Security", matchesPattern("max-age=\\d+.*"));
    }

    @Test
    void aValidRequestIdIsKeptForwardedAndEchoedAnInvalidOneReplaced() {
        given().header("X-Request-Id", "req-42.a").get("/u/some-token")
                .then().header("X-Request-Id", "req-42.a").body("requestId", equalTo("req-42.a"));
        Response replaced = given().header("X-Request-Id", "bad id\u00e9<script>").get("/u/some-token");
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(replaced.jsonPath().getString("requestId")).isEqualTo(replaced.header("X-Request-Id"));
    }

    @Test
    void aTraceparentIsPassedThroughOrStarted() {
        String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        given().header("traceparent", parent).get("/u/some-token").then().body("traceparent", equalTo(parent));
        given().header("traceparent", "garbage").get("/u/some-token")
                .then().body("traceparent", matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-00"));
    }

    @Test
    void theServiceSeesTheCallerInForwarded() {
        given().header("Forwarded", "for=198.51.100.7").get("/u/some-token")
                .then().body("forwarded", matchesPattern("for=198\\.51\\.100\\.7, for=127\\.0\\.0\\.1;proto=http;host=\".+\""));
    }

    @Test
    void corsIsAllowedForTheConfiguredWebOriginOnly() {
        given().header("Origin", RecordingUpstream.WEB_ORIGIN).auth().oauth2(BEARER).get("/api/contacts")
                .then().statusCode(200).header("Access-Control-Allow-Origin", RecordingUpstream.WEB_ORIGIN);
        given().header("Origin", "https://evil.example").auth().oauth2(BEARER).get("/api/contacts")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", RecordingUpstream.WEB_ORIGIN).header("Access-Control-Request-Method", "POST")
                .options("/api/contacts")
                .then().statusCode(204).header("Access-Control-Allow-Origin", RecordingUpstream.WEB_ORIGIN)
                .header("Access-Control-Allow-Headers", matchesPattern(".*Authorization.*"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/contacts")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }
}

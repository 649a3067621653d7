package dev.oubli.gateway.routing;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

/**
 * Each route's connect, answer and idle times come from the routing table, each replaceable per route
 * ({@code oubli.gateway.routes."<prefix>".*}, ADR 0059); the table's are 2 s, 30 s and 30 s for these routes, so every
 * bound below is one only the route's own setting can meet.
 */
@QuarkusTest
@QuarkusTestResource(value = StallingUpstream.class, restrictToAnnotatedClass = true)
class RouteTimeoutsTest {

    static final String BEARER = TestTokens.forTenant(UUID.randomUUID(), "contacts-editor", "viewer");

    @TestHTTPResource("/api/notes")
    URI notes;

    @Test
    void aConnectionThatNeverOpensGivesA504ProblemWithinTheRoutesConnectTime() {
        neverOpening("/api/contacts"); // warm-up: the first request of a run also pays for the token's first check
        long own = neverOpening("/api/contacts");
        long table = neverOpening("/api/contact-imports");
        // Both go to the same service, whose connection never opens: 500 ms of its own against the table's 2 s.
        assertThat(own).isLessThan(1_800L);
        assertThat(table).isGreaterThanOrEqualTo(2_000L);
    }

    private static long neverOpening(String path) {
        return given().auth().oauth2(BEARER).when().get(path)
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/gateway-timeout"))
                .extract().time();
    }

    @Test
    void anAnswerThatFallsSilentIsCutAfterTheRoutesIdleTime() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> answer = client.send(HttpRequest.newBuilder(notes)
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + BEARER).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);

        // Read on a thread of its own, so that a gateway that never cuts the answer fails the test instead of hanging it.
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream body = answer.body()) {
                return readAll(body);
            } catch (IOException cut) {
                throw new UncheckedIOException(cut);
            }
        });
        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aSilenceLongerThanTheRoutesIdleTimeBeforeTheAnswerIsA504Problem() {
        given().auth().oauth2(BEARER).when().get("/api/privacy-requests")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/gateway-timeout"))
                .time(lessThan(1_400L));
    }

    private static String readAll(InputStream body) throws IOException {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
}

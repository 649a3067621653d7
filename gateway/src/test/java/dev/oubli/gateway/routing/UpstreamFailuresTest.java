package dev.oubli.gateway.routing;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

/** A slow, dead or hasty service never hangs the caller and never turns its own 4xx into a 5xx. */
@QuarkusTest
@QuarkusTestResource(value = MisbehavingUpstream.class, restrictToAnnotatedClass = true)
class UpstreamFailuresTest {

    static final String BEARER = TestTokens.forTenant(UUID.randomUUID(), "contacts-editor", "viewer");

    @TestHTTPResource("/api/contact-imports?lawfulBasis=CONTRACT&consentChannels=%C3%28")
    URI badImport;

    /** Without a timeout of its own, the caller would wait for ever on a gateway that waits for ever. */
    static final RestAssuredConfig PATIENT_FOR_TEN_SECONDS = RestAssuredConfig.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 10_000));

    @Test
    void aServiceThatNeverAnswersGivesA504ProblemWithinTheRoutesTimeout() {
        given().config(PATIENT_FOR_TEN_SECONDS).auth().oauth2(BEARER).when().get("/api/search?q=x")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/gateway-timeout"))
                .time(lessThan(5_000L));
    }

    @Test
    void aServiceThatDropsTheConnectionGivesA502Problem() {
        given().auth().oauth2(BEARER).when().get("/api/privacy-requests")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/bad-gateway"));
    }

    @Test
    void aServiceThatIsNotListeningGivesA502Problem() {
        given().when().get("/portal")
                .then().statusCode(502)
                .contentType("application/problem+json");
    }

    @TestHTTPResource("/api/contact-imports?lawfulBasis=CONTRACT&consentChannels=%C3%28&then=close")
    URI badContact;

    @Test
    void aServicesAnswerBeforeTheBodyIsSentReachesTheCallerAsItIs() throws Exception {
        sendThreeMegabytesTenTimes(badImport);
    }

    @Test
    void aServicesAnswerBeforeTheBodyIsSentReachesTheCallerEvenIfItClosesTheConnectionAtOnce() throws Exception {
        sendThreeMegabytesTenTimes(badContact);
    }

    private static void sendThreeMegabytesTenTimes(URI target) throws Exception {
        byte[] threeMegabytes = new byte[3 * 1024 * 1024];
        Arrays.fill(threeMegabytes, (byte) 'a');
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 10; i++) {
            HttpRequest.BodyPublisher body = i % 2 == 0 ? HttpRequest.BodyPublishers.ofByteArray(threeMegabytes)
                    : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(threeMegabytes));
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + BEARER)
                    .header("Content-Type", "text/csv")
                    .POST(body).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("attempt %d", i).isEqualTo(400);
            assertThat(answer.body()).isEqualTo(MisbehavingUpstream.EARLY_ANSWER);
        }
    }
}

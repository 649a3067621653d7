package dev.oubli.privacy.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.ConsentChanged;
import dev.oubli.events.EventJson;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class ConsentResourceTest {

    static final UUID TENANT = UUID.randomUUID();
    static final ObjectMapper JSON = EventJson.newObjectMapper();

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    static String officer() {
        return TestTokens.forTenant(TENANT, "privacy-officer");
    }

    static String change(String email, String channel, String purpose, String state) {
        return """
                {"subject":{"email":"%s"},"channel":"%s","purpose":"%s","state":"%s","source":"FORM",
                 "proof":{"collectedAt":"2026-03-01T10:00:00Z","textVersion":"newsletter-form-v3","ip":"203.0.113.7",
                          "userAgent":"Mozilla/5.0","externalReference":"crm-42"}}""".formatted(email, channel, purpose, state);
    }

    static ValidatableResponse record(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/consents").then();
    }

    static ValidatableResponse lookup(String token, String email) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/api/consents/lookup").then();
    }

    static String email() {
        return "ada+" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void recordsAChangeWithItsProofAndBlindIndexesOnly() {
        String email = email();
        String index = subjectIndex.email(TENANT, email).value();
        String answer = record(officer(), change(email, "EMAIL", "NEWSLETTER", "GRANTED")).statusCode(201)
                .body("emailIndex", equalTo(index))
                .body("channel", equalTo("EMAIL"))
                .body("purpose", equalTo("NEWSLETTER"))
                .body("state", equalTo("GRANTED"))
                .body("source", equalTo("FORM"))
                .body("proof.textVersion", equalTo("newsletter-form-v3"))
                .body("proof.ip", equalTo("203.0.113.7"))
                .extract().asString();
        assertThat(answer).doesNotContain(email);

        lookup(officer(), email).statusCode(200)
                .body("history", hasSize(1))
                .body("history[0].proof.collectedAt", equalTo("2026-03-01T10:00:00Z"))
                .body("history[0].proof.userAgent", equalTo("Mozilla/5.0"))
                .body("history[0].proof.externalReference", equalTo("crm-42"))
                .body("current", hasSize(1))
                .body("current[0].state", equalTo("GRANTED"))
                .body("suppressed", equalTo(false));
    }

    @Test
    void withdrawThenGrantLeavesTheLatestStateAndTheWholeHistory() {
        String email = email();
        record(officer(), change(email, "EMAIL", "MARKETING", "GRANTED")).statusCode(201);
        record(officer(), change(email, "EMAIL", "MARKETING", "WITHDRAWN")).statusCode(201);
        lookup(officer(), email).body("current[0].state", equalTo("WITHDRAWN"));
        record(officer(), change(email, "EMAIL", "MARKETING", "GRANTED")).statusCode(201);
        record(officer(), change(email, "SMS", "MARKETING", "WITHDRAWN")).statusCode(201);

        lookup(officer(), email).statusCode(200)
                .body("history.state", contains("GRANTED", "WITHDRAWN", "GRANTED", "WITHDRAWN"))
                .body("history.channel", contains("EMAIL", "EMAIL", "EMAIL", "SMS"))
                .body("current", hasSize(2))
                .body("current.find { it.channel == 'EMAIL' }.state", equalTo("GRANTED"))
                .body("current.find { it.channel == 'SMS' }.state", equalTo("WITHDRAWN"));
    }

    @Test
    void twoConcurrentChangesOfOneSubjectAreBothRecordedAndTheLaterSequenceIsTheState() throws Exception {
        String email = email();
        String token = officer();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (String state : List.of("GRANTED", "WITHDRAWN", "GRANTED", "WITHDRAWN")) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return record(token, change(email, "EMAIL", "MARKETING", state)).extract().statusCode();
            }));
        }
        start.countDown();
        for (CompletableFuture<Integer> answer : answers) {
            assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo(201);
        }

        ValidatableResponse consents = lookup(token, email).statusCode(200).body("history", hasSize(4));
        List<Integer> sequences = consents.extract().path("history.sequence");
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        String lastState = consents.extract().path("history[3].state");
        consents.body("current[0].state", equalTo(lastState))
                .body("current[0].sequence", equalTo(sequences.get(3)));
        // The check reads the same state (consent_state), not just the history.
        String check = """
                {"agentId":"emile","channel":"EMAIL","purpose":"MARKETING","recipient":{"email":"%s"}}""".formatted(email);
        given().auth().oauth2(TestTokens.forTenant(TENANT, "agent")).contentType(ContentType.JSON).body(check)
                .when().post("/api/contact-checks").then().statusCode(200)
                .body("decision", equalTo(lastState.equals("GRANTED") ? "ALLOWED" : "REFUSED"));
    }

    @Test
    void everyChangePublishesConsentChangedWithBlindIndexesOnly() throws Exception {
        String email = email();
        String index = subjectIndex.email(TENANT, email).value();
        try (KafkaConsumer<String, byte[]> consumer = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_CONSENTS)) {
            record(officer(), change(email, "EMAIL", "NEWSLETTER", "WITHDRAWN")).statusCode(201);

            ConsumerRecord<String, byte[]> published = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (published == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().startsWith(TENANT + ":" + index)) {
                        published = record;
                    }
                }
            }
            assertThat(published).as("ConsentChanged on " + Topics.PRIVACY_CONSENTS).isNotNull();
            assertThat(published.key()).isEqualTo(TENANT + ":" + index + ":EMAIL:NEWSLETTER");
            assertThat(new String(published.headers().lastHeader(CloudEventHeaders.TENANT_ID).value(), StandardCharsets.UTF_8))
                    .isEqualTo(TENANT.toString());
            String payload = new String(published.value(), StandardCharsets.UTF_8);
            assertThat(payload).doesNotContain(email).doesNotContain("203.0.113.7").doesNotContain("Mozilla");
            ConsentChanged event = JSON.readValue(published.value(), ConsentChanged.class);
            assertThat(event.subject().emailIndexes()).containsExactly(index);
            assertThat(event.state().name()).isEqualTo("WITHDRAWN");
            assertThat(event.source().name()).isEqualTo("FORM");
            assertThat(event.suppressed()).isFalse();
        }
    }

    @Test
    void anotherTenantSeesNothingOfTheSubject() {
        String email = email();
        record(officer(), change(email, "EMAIL", "NEWSLETTER", "GRANTED")).statusCode(201);
        lookup(TestTokens.forTenant(UUID.randomUUID(), "privacy-officer"), email).statusCode(200)
                .body("history", empty()).body("current", empty());
    }

    @Test
    void invalidInputIsAProblemThatNeverQuotesTheIdentifier() {
        record(officer(), change("not-an-email", "EMAIL", "NEWSLETTER", "GRANTED")).statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("subject"))
                .body("detail", not(containsString("not-an-email")));
        record(officer(), change(email(), "EMAIL", "newsletter", "GRANTED")).statusCode(400)
                .body("detail", containsString("purpose"));
        record(officer(), "{\"subject\":{},\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"state\":\"GRANTED\",\"source\":\"API\"}")
                .statusCode(400);
    }

    @Test
    void needsARoleThatMayRecordConsent() {
        record(TestTokens.forTenant(TENANT, "viewer"), change(email(), "EMAIL", "NEWSLETTER", "GRANTED")).statusCode(403);
        given().contentType(ContentType.JSON).body(change(email(), "EMAIL", "NEWSLETTER", "GRANTED"))
                .when().post("/api/consents").then().statusCode(401);
    }
}

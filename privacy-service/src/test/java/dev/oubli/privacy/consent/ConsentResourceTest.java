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
import java.time.Instant;
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
import static org.hamcrest.Matchers.nullValue;

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

    static String agent(String clientId) {
        return TestTokens.forClient(TENANT, clientId, "agent");
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
        given().auth().oauth2(agent("emile")).contentType(ContentType.JSON).body(check)
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

    static String withProof(String email, String state, String source, String proofJson) {
        return """
                {"subject":{"email":"%s"},"channel":"EMAIL","purpose":"MARKETING","state":"%s","source":"%s"%s}"""
                .formatted(email, state, source, proofJson == null ? "" : ",\"proof\":" + proofJson);
    }

    static String proof(String collectedAt, String textVersion) {
        return "{\"collectedAt\":\"" + collectedAt + "\",\"textVersion\":\"" + textVersion + "\"}";
    }

    static ValidatableResponse check(String agent, String email) {
        return given().auth().oauth2(agent(agent)).contentType(ContentType.JSON)
                .body("{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":{\"email\":\"" + email + "\"}}")
                .when().post("/api/contact-checks").then().statusCode(200);
    }

    @Test
    void anAgentMayWithdrawButNeverGrantItselfAConsent() {
        String email = email();
        record(agent("emile"), change(email, "EMAIL", "MARKETING", "GRANTED")).statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/agent-cannot-grant"));
        check("emile", email).body("decision", equalTo("REFUSED")).body("reason", equalTo("NO_CONSENT"));
        lookup(officer(), email).body("history", empty());

        record(agent("emile"), change(email, "EMAIL", "MARKETING", "WITHDRAWN")).statusCode(201)
                .body("recordedBy.kind", equalTo("CLIENT"))
                .body("recordedBy.id", equalTo("emile"));
    }

    @Test
    void everyChangeNamesWhoRecordedItByAnOpaqueId() {
        String email = email();
        String officer = officer();
        record(officer, change(email, "EMAIL", "NEWSLETTER", "GRANTED")).statusCode(201)
                .body("recordedBy.kind", equalTo("USER"))
                .body("recordedBy.id", equalTo(subjectOf(officer)));
        record(agent("tom"), change(email, "EMAIL", "NEWSLETTER", "WITHDRAWN")).statusCode(201);

        lookup(officer, email).statusCode(200)
                .body("history.recordedBy.kind", contains("USER", "CLIENT"))
                .body("history[0].recordedBy.id", equalTo(subjectOf(officer)))
                .body("history[1].recordedBy.id", equalTo("tom"));
    }

    /** The {@code sub} claim of a test token. */
    static String subjectOf(String token) {
        try {
            String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
            return JSON.readTree(payload).get("sub").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGrantOfASuppressedSubjectIsRefusedWhateverItsSourceAndTheLedgerSaysWithdrawn() {
        String email = email();
        String contact = UUID.randomUUID().toString();
        record(officer(), """
                {"subject":{"email":"%s","contactId":"%s"},"channel":"EMAIL","purpose":"MARKETING","state":"GRANTED","source":"FORM",
                 "proof":{"collectedAt":"2026-03-01T10:00:00Z","textVersion":"form-v1"}}""".formatted(email, contact)).statusCode(201);
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"subject\":{\"email\":\"" + email + "\"},\"reason\":\"OBJECTED\"}")
                .when().post("/api/suppressions").then().statusCode(200);

        for (String source : List.of("IMPORT", "FORM", "API")) {
            record(officer(), withProof(email, "GRANTED", source, proof("2026-03-02T10:00:00Z", "import-2026-03")))
                    .statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("https://oubli.dev/problems/subject-suppressed"))
                    .body("detail", not(containsString(email)));
        }
        // Named by its contact id alone, the subject is still the suppressed one.
        record(officer(), """
                {"subject":{"contactId":"%s"},"channel":"EMAIL","purpose":"MARKETING","state":"GRANTED","source":"IMPORT",
                 "proof":{"collectedAt":"2026-03-02T10:00:00Z","textVersion":"import-2026-03"}}""".formatted(contact)).statusCode(409);

        lookup(officer(), email).statusCode(200)
                .body("suppressed", equalTo(true))
                .body("current.find { it.channel == 'EMAIL' && it.purpose == 'MARKETING' }.state", equalTo("WITHDRAWN"))
                .body("history.state", contains("GRANTED", "WITHDRAWN"));
        check("emile", email).body("decision", equalTo("REFUSED")).body("reason", equalTo("SUPPRESSED"));
        // A withdrawal is always accepted.
        record(officer(), withProof(email, "WITHDRAWN", "FORM", null)).statusCode(201);
    }

    @Test
    void aGrantNeedsItsProof() {
        record(officer(), withProof(email(), "GRANTED", "FORM", null)).statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("proof"));
        record(officer(), withProof(email(), "GRANTED", "FORM", "{\"textVersion\":\"form-v1\"}")).statusCode(400)
                .body("detail", containsString("proof.collectedAt"));
        record(officer(), withProof(email(), "GRANTED", "FORM", "{\"collectedAt\":\"2026-03-01T10:00:00Z\"}")).statusCode(400)
                .body("detail", containsString("proof.textVersion"));
        record(officer(), withProof(email(), "GRANTED", "FORM", proof("2026-03-01T10:00:00Z", " "))).statusCode(400)
                .body("detail", containsString("proof.textVersion"));
        // Only the paths that take consent away use these sources.
        record(officer(), withProof(email(), "GRANTED", "UNSUBSCRIBE_LINK", proof("2026-03-01T10:00:00Z", "v1"))).statusCode(400)
                .body("detail", containsString("source"));
        record(officer(), withProof(email(), "GRANTED", "PRIVACY_REQUEST", proof("2026-03-01T10:00:00Z", "v1"))).statusCode(400);
        // A withdrawal needs none.
        record(officer(), withProof(email(), "WITHDRAWN", "FORM", null)).statusCode(201);
    }

    @Test
    void aProofIsCollectedInThePastAndNotBefore2000() {
        record(officer(), withProof(email(), "GRANTED", "FORM", proof("+200000-01-01T00:00:00Z", "v1"))).statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("proof.collectedAt"));
        record(officer(), withProof(email(), "GRANTED", "FORM", proof(Instant.now().plusSeconds(3600).toString(), "v1")))
                .statusCode(400).body("detail", containsString("proof.collectedAt"));
        record(officer(), withProof(email(), "GRANTED", "FORM", proof("1970-01-01T00:00:00Z", "v1"))).statusCode(400)
                .body("detail", containsString("proof.collectedAt"));
        record(officer(), withProof(email(), "WITHDRAWN", "FORM", proof("1999-12-31T23:59:59Z", "v1"))).statusCode(400);
        // A clock a little ahead of ours is tolerated.
        record(officer(), withProof(email(), "GRANTED", "FORM", proof(Instant.now().plusSeconds(60).toString(), "v1"))).statusCode(201);
        record(officer(), withProof(email(), "GRANTED", "FORM", proof("2000-01-01T00:00:00Z", "v1"))).statusCode(201);
    }

    @Test
    void proofTextsAreBoundedAndFreeOfControlCharacters() {
        record(officer(), withProof(email(), "GRANTED", "FORM", proof("2026-03-01T10:00:00Z", "v\\u0000"))).statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("proof.textVersion"));
        record(officer(), withProof(email(), "GRANTED", "FORM",
                "{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"v1\",\"userAgent\":\"Mozilla\\u0000\"}")).statusCode(400)
                .body("detail", containsString("proof.userAgent"));
        record(officer(), withProof(email(), "GRANTED", "FORM",
                "{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"v1\",\"externalReference\":\"crm\\n42\"}")).statusCode(400)
                .body("detail", containsString("proof.externalReference"));
        record(officer(), withProof(email(), "GRANTED", "FORM", proof("2026-03-01T10:00:00Z", "v".repeat(101)))).statusCode(400)
                .body("detail", containsString("proof.textVersion"));
    }

    @Test
    void needsARoleThatMayRecordConsent() {
        record(TestTokens.forTenant(TENANT, "viewer"), change(email(), "EMAIL", "NEWSLETTER", "GRANTED")).statusCode(403);
        given().contentType(ContentType.JSON).body(change(email(), "EMAIL", "NEWSLETTER", "GRANTED"))
                .when().post("/api/consents").then().statusCode(401);
    }
}

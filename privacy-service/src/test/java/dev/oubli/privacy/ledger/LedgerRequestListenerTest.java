package dev.oubli.privacy.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.ExportChunk;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.sealing.ExportKeyPair;
import dev.oubli.sealing.ExportSealing;
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
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The consent ledger as the data owner privacy-service: requests published as privacy-service's relay does. */
@QuarkusTest
class LedgerRequestListenerTest {

    static final UUID TENANT = UUID.randomUUID();
    static final ObjectMapper JSON = EventJson.newObjectMapper();

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    static String email() {
        return "ada+" + UUID.randomUUID() + "@example.com";
    }

    static String officer() {
        return TestTokens.forTenant(TENANT, "privacy-officer");
    }

    static void consent(String subjectJson, String channel, String purpose) {
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("""
                        {"subject":%s,"channel":"%s","purpose":"%s","state":"GRANTED","source":"FORM",
                         "proof":{"collectedAt":"2026-03-01T10:00:00Z","ip":"198.51.100.4","textVersion":"v2"}}""".formatted(subjectJson, channel, purpose))
                .when().post("/api/consents").then().statusCode(201);
    }

    static ValidatableResponse check(String recipientJson, String channel) {
        return given().auth().oauth2(TestTokens.forClient(TENANT, "emile", "agent")).contentType(ContentType.JSON)
                .body("{\"agentId\":\"emile\",\"channel\":\"" + channel + "\",\"purpose\":\"MARKETING\",\"recipient\":" + recipientJson
                        + ",\"plannedAt\":\"2026-03-02T10:00:00Z\"}")
                .when().post("/api/contact-checks").then().statusCode(200);
    }

    static ValidatableResponse consents(String email) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/api/consents/lookup").then().statusCode(200);
    }

    void submit(PrivacyRequestSubmitted request) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS,
                Topics.requestKey(request.requestId()), UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(),
                "privacy-service", TENANT, JSON.writeValueAsBytes(request)));
    }

    static PrivacyRequestSubmitted request(RequestType type, SubjectRef subject, String exportKey) {
        return new PrivacyRequestSubmitted(UUID.randomUUID(), type, subject, 1, exportKey, null, Instant.now());
    }

    /** The records of {@code topic} with this key, read until {@code count} arrived. */
    static List<ConsumerRecord<String, byte[]>> awaitRecords(KafkaConsumer<String, byte[]> consumer, String key, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (found.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    found.add(record);
                }
            }
        }
        assertThat(found).as("records with key " + key).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    @Test
    void anErasedSubjectIsRefusedAsSuppressedThoughNothingElseRemains() throws Exception {
        String email = email();
        String index = subjectIndex.email(TENANT, email).value();
        UUID contact = UUID.randomUUID();
        consent("{\"email\":\"" + email + "\",\"contactId\":\"" + contact + "\"}", "EMAIL", "MARKETING");
        check("{\"email\":\"" + email + "\"}", "EMAIL").body("decision", equalTo("ALLOWED"));

        PrivacyRequestSubmitted erasure = request(RequestType.ERASURE, new SubjectRef(List.of(contact), List.of(), List.of()), null);
        try (KafkaConsumer<String, byte[]> receipts = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_TASK_RESULTS)) {
            submit(erasure);

            ConsumerRecord<String, byte[]> receipt = awaitRecords(receipts, Topics.requestKey(erasure.requestId()), 1).get(0);
            assertThat(new String(receipt.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                    .isEqualTo(EventType.TASK_COMPLETED.ceType("privacy"));
            TaskCompleted completed = JSON.readValue(receipt.value(), TaskCompleted.class);
            assertThat(completed.owner()).isEqualTo("privacy-service");
            assertThat(completed.counts()).containsEntry("suppressed", 1L).containsEntry("consents-erased", 1L)
                    .containsEntry("checks-erased", 1L);
        }

        // Named by contact id only, the subject was resolved to the email the ledger recorded with it.
        consents(email).body("history", hasSize(0)).body("suppressed", equalTo(true));
        check("{\"email\":\"" + email + "\"}", "EMAIL").body("decision", equalTo("REFUSED")).body("reason", equalTo("SUPPRESSED"));
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/api/suppressions/check").then().body("entries[0].reason", equalTo("ERASED"))
                .body("entries[0].blindIndex", equalTo(index));
        // Re-imported with a fresh consent, the person stays suppressed: the grant is refused (docs/adr/0021).
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("""
                        {"subject":{"email":"%s"},"channel":"EMAIL","purpose":"MARKETING","state":"GRANTED","source":"IMPORT",
                         "proof":{"collectedAt":"2026-03-01T10:00:00Z","textVersion":"v2"}}""".formatted(email))
                .when().post("/api/consents").then().statusCode(409);
        check("{\"email\":\"" + email + "\"}", "EMAIL").body("reason", equalTo("SUPPRESSED"));
    }

    @Test
    void anObjectionSuppressesAndWithdrawsEveryGrant() throws Exception {
        String email = email();
        consent("{\"email\":\"" + email + "\"}", "EMAIL", "MARKETING");
        consent("{\"email\":\"" + email + "\"}", "SMS", "NEWSLETTER");

        submit(request(RequestType.OBJECTION, new SubjectRef(List.of(), List.of(subjectIndex.email(TENANT, email).value()), List.of()), null));

        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> consents(email).body("suppressed", equalTo(true))
                .body("current.state", org.hamcrest.Matchers.everyItem(equalTo("WITHDRAWN")))
                .body("history", hasSize(4)));
        consents(email).body("history[3].source", equalTo("PRIVACY_REQUEST"));
        check("{\"email\":\"" + email + "\"}", "EMAIL").body("reason", equalTo("SUPPRESSED"));
    }

    @Test
    void aRestrictionIsAnsweredRestricted() throws Exception {
        String phone = "+33612" + String.format("%06d", (int) (Math.random() * 1_000_000));
        consent("{\"phone\":\"" + phone + "\"}", "PHONE", "MARKETING");
        check("{\"phone\":\"" + phone + "\"}", "PHONE").body("decision", equalTo("ALLOWED"));

        submit(request(RequestType.RESTRICTION,
                new SubjectRef(List.of(), List.of(), List.of(subjectIndex.phone(TENANT, phone, "FR").value())), null));

        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> check("{\"phone\":\"" + phone + "\"}", "PHONE")
                .body("decision", equalTo("REFUSED")).body("reason", equalTo("RESTRICTED")));
    }

    @Test
    void aLiftedRestrictionIsAllowedAgain() throws Exception {
        String phone = "+33613" + String.format("%06d", (int) (Math.random() * 1_000_000));
        consent("{\"phone\":\"" + phone + "\"}", "PHONE", "MARKETING");
        SubjectRef subject = new SubjectRef(List.of(), List.of(), List.of(subjectIndex.phone(TENANT, phone, "FR").value()));
        submit(request(RequestType.RESTRICTION, subject, null));
        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> check("{\"phone\":\"" + phone + "\"}", "PHONE")
                .body("reason", equalTo("RESTRICTED")));
        // The officer's view of the subject says so (the console's subject page shows it).
        lookup("{\"phone\":\"" + phone + "\"}").body("restricted", equalTo(true)).body("suppressed", equalTo(false));

        submit(request(RequestType.RESTRICTION_LIFT, subject, null));

        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> check("{\"phone\":\"" + phone + "\"}", "PHONE")
                .body("decision", equalTo("ALLOWED")));
        lookup("{\"phone\":\"" + phone + "\"}").body("restricted", equalTo(false));
    }

    private static ValidatableResponse lookup(String subjectJson) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body(subjectJson)
                .when().post("/api/consents/lookup").then().statusCode(200);
    }

    @Test
    void anAccessRequestGetsTheHistoryAndTheEvidenceSealedForTheRequester() throws Exception {
        String email = email();
        String index = subjectIndex.email(TENANT, email).value();
        consent("{\"email\":\"" + email + "\"}", "EMAIL", "NEWSLETTER");
        check("{\"email\":\"" + email + "\"}", "EMAIL").body("reason", equalTo("NO_CONSENT"));
        ExportKeyPair keys = ExportSealing.newKeyPair();
        PrivacyRequestSubmitted access = request(RequestType.ACCESS, new SubjectRef(List.of(), List.of(index), List.of()), keys.publicKeyset());

        List<ExportChunk> chunks = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> exports = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_EXPORTS);
             KafkaConsumer<String, byte[]> receipts = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_TASK_RESULTS)) {
            submit(access);
            TaskCompleted completed = JSON.readValue(
                    awaitRecords(receipts, Topics.requestKey(access.requestId()), 1).get(0).value(), TaskCompleted.class);
            assertThat(completed.counts()).containsEntry("consents", 1L).containsEntry("contact-checks", 1L);
            for (ConsumerRecord<String, byte[]> record : awaitRecords(exports, Topics.requestKey(access.requestId()),
                    completed.counts().get("chunks").intValue())) {
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(email).doesNotContain("198.51.100.4");
                chunks.add(JSON.readValue(record.value(), ExportChunk.class));
            }
        }

        JsonNode part = JSON.readTree(ExportSealing.open(keys.privateKeyset(), access.requestId(), "privacy-service", chunks));
        JsonNode consents = part.path("records").path("consents");
        assertThat(consents).hasSize(1);
        assertThat(consents.get(0).path("purpose").asText()).isEqualTo("NEWSLETTER");
        assertThat(consents.get(0).path("ip").asText()).isEqualTo("198.51.100.4");
        assertThat(consents.get(0).path("textVersion").asText()).isEqualTo("v2");
        JsonNode checks = part.path("records").path("contact-checks");
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).path("reason").asText()).isEqualTo("NO_CONSENT");
        assertThat(checks.get(0).path("emailIndex").asText()).isEqualTo(index);
    }
}

package dev.oubli.privacy.ledger;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.sealing.CorrectionSealing;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.JSON;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.TENANT;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.awaitRecords;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.consent;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.consents;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.email;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.officer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/** A rectified email or phone, as the consent ledger follows it (issue 21 item 5, docs/adr/0047). */
@QuarkusTest
class LedgerRectificationTest {

    @Inject
    SubjectIndex subjectIndex;

    @Inject
    CorrectionSealing sealing;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    static ValidatableResponse check(String recipientJson, String channel, String purpose) {
        return given().auth().oauth2(TestTokens.forClient(TENANT, "emile", "agent")).contentType(ContentType.JSON)
                .body("{\"agentId\":\"emile\",\"channel\":\"" + channel + "\",\"purpose\":\"" + purpose + "\",\"recipient\":"
                        + recipientJson + ",\"plannedAt\":\"2026-03-02T10:00:00Z\"}")
                .when().post("/api/contact-checks").then().statusCode(200);
    }

    static void withdraw(String email, String channel, String purpose) {
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("""
                        {"subject":{"email":"%s"},"channel":"%s","purpose":"%s","state":"WITHDRAWN","source":"API"}"""
                        .formatted(email, channel, purpose))
                .when().post("/api/consents").then().statusCode(201);
    }

    static String emailJson(String email) {
        return "{\"email\":\"" + email + "\"}";
    }

    PrivacyRequestSubmitted rectification(String oldEmail, Map<String, String> corrections) {
        UUID id = UUID.randomUUID();
        return new PrivacyRequestSubmitted(id, RequestType.RECTIFICATION,
                new SubjectRef(List.of(), List.of(subjectIndex.email(TENANT, oldEmail).value()), List.of()), 1, null,
                sealing.seal(TENANT, id, corrections), Instant.now());
    }

    void submit(PrivacyRequestSubmitted request) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS,
                Topics.requestKey(request.requestId()), UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(),
                "privacy-service", TENANT, JSON.writeValueAsBytes(request)));
    }

    /**
     * Publishes the request and returns the counts this instance's ledger audited for it, once there are
     * {@code entries} entries (other privacy-service instances reading the same topic may answer receipts of their own:
     * the audit log is this instance's alone).
     */
    Map<String, Object> apply(PrivacyRequestSubmitted request, int entries) throws Exception {
        submit(request);
        List<Map<String, Object>> audited = new java.util.ArrayList<>();
        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> {
            audited.clear();
            audited.addAll(audit(request.requestId()).body("items", hasSize(entries)).extract().path("items.details"));
        });
        return audited.get(entries - 1);
    }

    Map<String, Object> apply(PrivacyRequestSubmitted request) throws Exception {
        return apply(request, 1);
    }

    static ValidatableResponse audit(UUID requestId) {
        return given().auth().oauth2(officer()).queryParam("requestId", requestId).queryParam("action", "LEDGER_RECTIFIED")
                .when().get("/api/audit-events").then().statusCode(200);
    }

    @Test
    void theConsentsFollowTheCorrectedEmailAndTheMostRecentChangeWins() throws Exception {
        String oldEmail = email();
        String newEmail = email();
        // The new address has its own history: MARKETING withdrawn before the old address granted it, SERVICE by SMS
        // withdrawn after the old address granted it.
        withdraw(newEmail, "EMAIL", "MARKETING");
        consent(emailJson(oldEmail), "SMS", "SERVICE");
        consent(emailJson(oldEmail), "EMAIL", "MARKETING");
        withdraw(newEmail, "SMS", "SERVICE");
        check(emailJson(newEmail), "EMAIL", "MARKETING").body("reason", equalTo("WITHDRAWN"));

        PrivacyRequestSubmitted request = rectification(oldEmail, Map.of("email", newEmail));
        Map<String, Object> counts = apply(request);

        assertThat(counts).containsEntry("rectified", 1).containsEntry("consents-moved", 2)
                .containsEntry("consents-current", 1).containsEntry("suppressions-followed", 0)
                .containsEntry("restrictions-followed", 0);
        check(emailJson(newEmail), "EMAIL", "MARKETING").body("decision", equalTo("ALLOWED"));
        check(emailJson(newEmail), "SMS", "SERVICE").body("decision", equalTo("REFUSED")).body("reason", equalTo("WITHDRAWN"));
        // Both histories, the carried-over changes with their proof and dates; the old address keeps its own.
        consents(newEmail).body("history", hasSize(4))
                .body("history.proof.textVersion", hasItem("v2")).body("history.proof.ip", hasItem("198.51.100.4"))
                .body("current.find { it.purpose == 'MARKETING' }.state", equalTo("GRANTED"))
                .body("current.find { it.purpose == 'SERVICE' }.state", equalTo("WITHDRAWN"));
        consents(oldEmail).body("history", hasSize(2));
        check(emailJson(oldEmail), "EMAIL", "MARKETING").body("decision", equalTo("ALLOWED"));

        // Delivered again (the watchdog's next attempt): nothing copied twice.
        Map<String, Object> again = apply(request.nextAttempt(), 2);
        assertThat(again).containsEntry("rectified", 0).containsEntry("consents-moved", 0).containsEntry("consents-current", 0);
        consents(newEmail).body("history", hasSize(4));
    }

    @Test
    void aSuppressionAndARestrictionFollowTheCorrectedEmailAndStayOnTheOldOne() throws Exception {
        String oldEmail = email();
        String newEmail = email();
        String restrictedOld = email();
        String restrictedNew = email();
        consent(emailJson(newEmail), "EMAIL", "MARKETING");
        consent(emailJson(restrictedNew), "EMAIL", "MARKETING");
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"subject\":" + emailJson(oldEmail) + ",\"reason\":\"OBJECTED\"}")
                .when().post("/api/suppressions").then().statusCode(200);
        submit(new PrivacyRequestSubmitted(UUID.randomUUID(), RequestType.RESTRICTION,
                new SubjectRef(List.of(), List.of(subjectIndex.email(TENANT, restrictedOld).value()), List.of()), 1, null, null,
                Instant.now()));
        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> check(emailJson(restrictedOld), "EMAIL", "MARKETING")
                .body("reason", equalTo("RESTRICTED")));

        assertThat(apply(rectification(oldEmail, Map.of("email", newEmail)))).containsEntry("suppressions-followed", 1);
        assertThat(apply(rectification(restrictedOld, Map.of("email", restrictedNew)))).containsEntry("restrictions-followed", 1);

        check(emailJson(newEmail), "EMAIL", "MARKETING").body("reason", equalTo("SUPPRESSED"));
        check(emailJson(oldEmail), "EMAIL", "MARKETING").body("reason", equalTo("SUPPRESSED"));
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body(emailJson(newEmail))
                .when().post("/api/suppressions/check").then().body("entries[0].reason", equalTo("OBJECTED"));
        check(emailJson(restrictedNew), "EMAIL", "MARKETING").body("reason", equalTo("RESTRICTED"));
        check(emailJson(restrictedOld), "EMAIL", "MARKETING").body("reason", equalTo("RESTRICTED"));
    }

    @Test
    void aSuppressionRecordedLaterUnderTheOldEmailAlsoRefusesTheNewOne() throws Exception {
        String oldEmail = email();
        String newEmail = email();
        consent(emailJson(oldEmail), "EMAIL", "MARKETING");
        assertThat(apply(rectification(oldEmail, Map.of("email", newEmail)))).containsEntry("consents-moved", 1);
        check(emailJson(newEmail), "EMAIL", "MARKETING").body("decision", equalTo("ALLOWED"));

        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"subject\":" + emailJson(oldEmail) + "}")
                .when().post("/api/suppressions").then().statusCode(200);

        check(emailJson(newEmail), "EMAIL", "MARKETING").body("decision", equalTo("REFUSED")).body("reason", equalTo("SUPPRESSED"));
    }

    @Test
    void correctionsThatCannotBeOpenedFailTheLedgerTask() throws Exception {
        String oldEmail = email();
        PrivacyRequestSubmitted sealedForAnother = rectification(oldEmail, Map.of("email", email()));
        PrivacyRequestSubmitted request = new PrivacyRequestSubmitted(UUID.randomUUID(), RequestType.RECTIFICATION,
                sealedForAnother.subject(), 1, null, sealedForAnother.corrections(), Instant.now());
        String failed = EventType.TASK_FAILED.ceType("privacy");
        try (KafkaConsumer<String, byte[]> receipts = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_TASK_RESULTS)) {
            submit(request);
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
            boolean answeredFailed = false;
            while (!answeredFailed && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : receipts.poll(java.time.Duration.ofMillis(500))) {
                    answeredFailed |= Topics.requestKey(request.requestId()).equals(record.key())
                            && failed.equals(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(answeredFailed).as("the ledger answered " + failed).isTrue();
        }
        audit(request.requestId()).body("items", hasSize(0));
    }

    @Test
    void aRectificationOfTheNameAloneMovesNothing() throws Exception {
        String oldEmail = email();
        consent(emailJson(oldEmail), "EMAIL", "MARKETING");
        PrivacyRequestSubmitted request = rectification(oldEmail, Map.of("lastName", "Lovelace"));
        try (KafkaConsumer<String, byte[]> receipts = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_TASK_RESULTS)) {
            submit(request);
            assertThat(JSON.readValue(awaitRecords(receipts, Topics.requestKey(request.requestId()), 1).get(0).value(),
                    TaskCompleted.class).counts()).containsExactly(Map.entry("rectified", 0L));
        }
        audit(request.requestId()).body("items", hasSize(0));
        consents(oldEmail).body("history", hasSize(1));
    }
}

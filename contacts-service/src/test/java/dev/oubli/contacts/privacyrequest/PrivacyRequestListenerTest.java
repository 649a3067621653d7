package dev.oubli.contacts.privacyrequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.ExportChunk;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.SubjectResolutionRequested;
import dev.oubli.events.SubjectResolved;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.sealing.CorrectionSealing;
import dev.oubli.sealing.ExportKeyPair;
import dev.oubli.sealing.ExportSealing;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** contacts-service as the owner of every privacy request type, over the real Kafka. */
@QuarkusTest
class PrivacyRequestListenerTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @Inject
    CorrectionSealing correctionSealing;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaConsumer<String, byte[]> receipts;
    KafkaConsumer<String, byte[]> exports;

    @BeforeEach
    void readFromNowOn() {
        receipts = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_TASK_RESULTS);
        exports = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_EXPORTS);
    }

    @AfterEach
    void close() {
        receipts.close();
        exports.close();
    }

    @Test
    void erasesEveryContactMatchingTheSubjectOnceAndOnlyThem() throws Exception {
        String byEmail = create(tenant, "{\"firstName\":\"Ada\",\"email\":\"ada@example.com\"}");
        String bySecondEmail = create(tenant, "{\"firstName\":\"Ada L.\",\"email\":\" ADA.work@example.com\",\"phone\":\"+33 6 99 88 77 66\"}");
        String byPhone = create(tenant, "{\"firstName\":\"A. Lovelace\",\"phone\":\"06 12 34 56 78\"}");
        String alsoByPhone = create(tenant, "{\"firstName\":\"Lovelace\",\"phone\":\"+33612345678\",\"email\":\"lovelace@example.org\"}");
        String byId = create(tenant, "{\"firstName\":\"Augusta\"}");
        String someoneElse = create(tenant, "{\"firstName\":\"Grace\",\"email\":\"grace@example.com\",\"phone\":\"+33 6 11 11 11 11\"}");
        UUID otherTenant = UUID.randomUUID();
        String otherTenantsAda = create(otherTenant, "{\"firstName\":\"Ada\",\"email\":\"ada@example.com\",\"phone\":\"+33612345678\"}");

        UUID requestId = UUID.randomUUID();
        SubjectRef subject = new SubjectRef(List.of(UUID.fromString(byId)),
                List.of(emailIndex("ada@example.com"), emailIndex("ada.work@example.com")),
                List.of(subjectIndex.phone(tenant, "+33612345678", "FR").value()));
        UUID eventId = UUID.randomUUID();
        publish(eventId, request(requestId, RequestType.ERASURE, subject, 1, null, null));

        // Generous: a shared local broker may hold a backlog (e.g. from a bench run) that this group works through first.
        List<ConsumerRecord<String, byte[]>> received = receiptsOf(requestId, 1, Duration.ofSeconds(90));
        TaskCompleted completed = completed(received.get(0));
        assertThat(completed.counts()).containsEntry("erased", 5L);
        assertThat(completed.owner()).isEqualTo("contacts-service");
        for (String erased : List.of(byEmail, bySecondEmail, byPhone, alsoByPhone, byId)) {
            status(tenant, erased, 404);
        }
        status(tenant, someoneElse, 200);
        status(otherTenant, otherTenantsAda, 200);

        // The same event delivered again: skipped by the inbox, no second receipt.
        publish(eventId, request(requestId, RequestType.ERASURE, subject, 1, null, null));
        assertThat(receiptsOf(requestId, 0, Duration.ofSeconds(3))).isEmpty();

        // The watchdog re-publishes it (new event id, attempt 2): the recorded receipt again, nothing else erased.
        create(tenant, "{\"firstName\":\"Ada again\",\"email\":\"ada@example.com\"}");
        publish(UUID.randomUUID(), request(requestId, RequestType.ERASURE, subject, 2, null, null));
        assertThat(completed(receiptsOf(requestId, 1, Duration.ofSeconds(60)).get(0)).counts()).containsEntry("erased", 5L);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).queryParam("email", "ada@example.com")
                .when().get("/api/contacts").then().body("items.firstName", containsInAnyOrder("Ada again"));
        status(tenant, someoneElse, 200);
    }

    @Test
    void aContactDeletedThroughTheApiReadsNotFoundAtOnceAndItsErasureStillCountsIt() throws Exception {
        String deleted = create(tenant, "{\"firstName\":\"Ada\",\"email\":\"ada.deleted@example.com\"}");
        String editor = TestTokens.forTenant(tenant, "contacts-editor");

        String requestId = given().auth().oauth2(editor).when().delete("/api/contacts/" + deleted)
                .then().statusCode(202).extract().path("privacyRequestId");

        // Gone at once, before any owner acted: by id, in listings, for a second delete.
        status(tenant, deleted, 404);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).queryParam("email", "ada.deleted@example.com")
                .when().get("/api/contacts").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        given().auth().oauth2(editor).when().delete("/api/contacts/" + deleted).then().statusCode(404);

        // The erasure the deletion opened still reports the contact it removed.
        SubjectRef subject = new SubjectRef(List.of(UUID.fromString(deleted)), List.of(emailIndex("ada.deleted@example.com")), List.of());
        publish(UUID.randomUUID(), request(UUID.fromString(requestId), RequestType.ERASURE, subject, 1, null, null));
        // Only contacts-service's receipt: a privacy-service running beside the tests (a suite) may open the same request.
        TaskCompleted completed = null;
        Instant deadline = Instant.now().plusSeconds(90);
        while (completed == null && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : receipts.poll(Duration.ofMillis(200))) {
                if (requestId.equals(record.key()) && header(record, CloudEventHeaders.TYPE).equals(EventType.TASK_COMPLETED.ceType("contacts"))) {
                    completed = JSON.readValue(record.value(), TaskCompleted.class);
                }
            }
        }
        assertThat(completed).as("contacts-service's receipt of " + requestId).isNotNull();
        assertThat(completed.counts()).containsEntry("erased", 1L);
    }

    @Test
    void exportsTheSubjectsCardsSealedForTheRequestsKey() throws Exception {
        String ada = create(tenant, "{\"firstName\":\"Ada\",\"email\":\"ada@example.com\",\"company\":\"Engines\"}");
        String adaByPhone = create(tenant, "{\"firstName\":\"Ada P.\",\"phone\":\"+33 6 12 34 56 78\"}");
        create(tenant, "{\"firstName\":\"Grace\",\"email\":\"grace@example.com\"}");
        create(UUID.randomUUID(), "{\"firstName\":\"Ada elsewhere\",\"email\":\"ada@example.com\"}");
        ExportKeyPair keys = ExportSealing.newKeyPair();
        UUID requestId = UUID.randomUUID();
        SubjectRef subject = new SubjectRef(null, List.of(emailIndex("ada@example.com")),
                List.of(subjectIndex.phone(tenant, "+33612345678", "FR").value()));

        publish(UUID.randomUUID(), request(requestId, RequestType.ACCESS, subject, 1, keys.publicKeyset(), null));

        TaskCompleted completed = completed(receiptsOf(requestId, 1, Duration.ofSeconds(90)).get(0));
        assertThat(completed.counts()).containsEntry("exported", 2L).containsEntry("chunks", 1L);
        List<ExportChunk> chunks = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : recordsOf(exports, requestId, 1, Duration.ofSeconds(10))) {
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EventType.EXPORT_CHUNK.ceType("contacts"));
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("ada@example.com", "Engines");
            chunks.add(JSON.readValue(record.value(), ExportChunk.class));
        }
        JsonNode part = JSON.readTree(ExportSealing.open(keys.privateKeyset(), requestId, "contacts-service", chunks));
        List<String> ids = new ArrayList<>();
        part.path("records").path("contacts").forEach(card -> ids.add(card.path("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(ada, adaByPhone);
        assertThat(part.toString()).contains("Engines").doesNotContain("Grace", "elsewhere");
    }

    @Test
    void anExportWithoutAUsableKeyFails() throws Exception {
        UUID requestId = UUID.randomUUID();
        publish(UUID.randomUUID(), request(requestId, RequestType.PORTABILITY,
                new SubjectRef(List.of(UUID.randomUUID()), null, null), 1, "{\"not\":\"a keyset\"}", null));
        TaskFailed failed = JSON.readValue(receiptsOf(requestId, 1, Duration.ofSeconds(90)).get(0).value(), TaskFailed.class);
        assertThat(failed.reason()).isEqualTo(TaskFailureReason.INVALID_REQUEST);
    }

    /** Issue 17 item 2: a request record the owner can never apply fails its task at once, not after the watchdog's hour. */
    @Test
    void aRequestRecordThatCanNeverBeAppliedIsDeadLetteredWithAFailureReceipt() throws Exception {
        UUID requestId = UUID.randomUUID();
        byte[] schemaInvalid = ("{\"requestId\":\"" + requestId + "\",\"requestType\":\"ERASURE\",\"subject\":42,\"attempt\":1}")
                .getBytes(StandardCharsets.UTF_8);
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS, Topics.requestKey(requestId),
                UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), "privacy-service", tenant, schemaInvalid));

        ConsumerRecord<String, byte[]> receipt = receiptsOf(requestId, 1, Duration.ofSeconds(90)).get(0);
        assertThat(header(receipt, CloudEventHeaders.TYPE)).isEqualTo(EventType.TASK_FAILED.ceType("contacts"));
        TaskFailed failed = JSON.readValue(receipt.value(), TaskFailed.class);
        assertThat(failed.reason()).isEqualTo(TaskFailureReason.DEAD_LETTERED);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.requestType()).isEqualTo(RequestType.ERASURE);
    }

    @Test
    void rectifiesTheSubjectsContactsWithTheSealedCorrections() throws Exception {
        String ada = create(tenant, "{\"firstName\":\"Ada\",\"lastName\":\"Byron\",\"email\":\"ada@example.com\",\"attributes\":{\"k\":1}}");
        UUID requestId = UUID.randomUUID();
        SubjectRef subject = new SubjectRef(null, List.of(emailIndex("ada@example.com")), null);
        String sealed = correctionSealing.seal(tenant, requestId, Map.of("lastName", "Lovelace", "email", "ada.lovelace@example.com",
                "favouriteColour", "ignored"));
        publish(UUID.randomUUID(), request(requestId, RequestType.RECTIFICATION, subject, 1, null, sealed));

        assertThat(completed(receiptsOf(requestId, 1, Duration.ofSeconds(90)).get(0)).counts()).containsEntry("rectified", 1L);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/contacts/" + ada)
                .then().body("lastName", equalTo("Lovelace")).body("email", equalTo("ada.lovelace@example.com"))
                .body("attributes.k", equalTo(1));
        // The email blind index followed: the new address finds the contact.
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).queryParam("email", "ada.lovelace@example.com")
                .when().get("/api/contacts").then().body("items.id", containsInAnyOrder(ada));

        // The old email no longer names anyone; the contact id still does.
        subject = new SubjectRef(List.of(UUID.fromString(ada)), null, null);
        UUID invalid = UUID.randomUUID();
        publish(UUID.randomUUID(), request(invalid, RequestType.RECTIFICATION, subject, 1, null,
                correctionSealing.seal(tenant, invalid, Map.of("email", "not-an-email"))));
        assertThat(JSON.readValue(receiptsOf(invalid, 1, Duration.ofSeconds(60)).get(0).value(), TaskFailed.class).reason())
                .isEqualTo(TaskFailureReason.INVALID_REQUEST);
        UUID sealedForAnotherTenant = UUID.randomUUID();
        publish(UUID.randomUUID(), request(sealedForAnotherTenant, RequestType.RECTIFICATION, subject, 1, null,
                correctionSealing.seal(UUID.randomUUID(), sealedForAnotherTenant, Map.of("lastName", "X"))));
        assertThat(JSON.readValue(receiptsOf(sealedForAnotherTenant, 1, Duration.ofSeconds(60)).get(0).value(), TaskFailed.class).reason())
                .isEqualTo(TaskFailureReason.INVALID_REQUEST);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/contacts/" + ada)
                .then().body("lastName", equalTo("Lovelace"));
    }

    @Test
    void restrictsAndObjects() throws Exception {
        String ada = create(tenant, "{\"firstName\":\"Ada\",\"email\":\"ada@example.com\"}");
        String grace = create(tenant, "{\"firstName\":\"Grace\"}");
        SubjectRef subject = new SubjectRef(null, List.of(emailIndex("ada@example.com")), null);

        UUID restriction = UUID.randomUUID();
        publish(UUID.randomUUID(), request(restriction, RequestType.RESTRICTION, subject, 1, null, null));
        assertThat(completed(receiptsOf(restriction, 1, Duration.ofSeconds(90)).get(0)).counts()).containsEntry("restricted", 1L);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/contacts")
                .then().body("items.id", containsInAnyOrder(grace));
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).queryParam("restricted", "true").when().get("/api/contacts")
                .then().body("items.id", containsInAnyOrder(ada));

        UUID objection = UUID.randomUUID();
        publish(UUID.randomUUID(), request(objection, RequestType.OBJECTION, subject, 1, null, null));
        assertThat(completed(receiptsOf(objection, 1, Duration.ofSeconds(60)).get(0)).counts()).containsEntry("marketing-withdrawn", 1L);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/contacts/" + ada)
                .then().body("processingRestricted", equalTo(true))
                .body("consents.findAll { it.purpose == 'MARKETING' }.state", containsInAnyOrder(
                        java.util.Arrays.stream(ContactChannel.values()).map(c -> "WITHDRAWN").toArray()))
                .body("consents.channel", hasItem("EMAIL"));
    }

    @Test
    void namesTheContactIdsOfASubjectsEmailsAndPhonesWithoutChangingAnything() throws Exception {
        String byEmail = create(tenant, "{\"firstName\":\"Ada\",\"email\":\"ada@example.com\"}");
        String byPhone = create(tenant, "{\"firstName\":\"A. Lovelace\",\"phone\":\"06 12 34 56 78\"}");
        create(tenant, "{\"firstName\":\"Grace\",\"email\":\"grace@example.com\"}");
        UUID otherTenant = UUID.randomUUID();
        create(otherTenant, "{\"firstName\":\"Ada\",\"email\":\"ada@example.com\"}");

        UUID requestId = UUID.randomUUID();
        SubjectRef subject = new SubjectRef(List.of(), List.of(emailIndex("ada@example.com")),
                List.of(subjectIndex.phone(tenant, "+33612345678", "FR").value()));
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS, Topics.requestKey(requestId),
                UUID.randomUUID(), EventType.SUBJECT_RESOLUTION_REQUESTED.ceType(), "privacy-service", tenant,
                JSON.writeValueAsBytes(new SubjectResolutionRequested(requestId, RequestType.ERASURE, subject, 1, Instant.now()))));

        ConsumerRecord<String, byte[]> answer = receiptsOf(requestId, 1, Duration.ofSeconds(90)).get(0);
        assertThat(header(answer, CloudEventHeaders.TYPE)).isEqualTo(EventType.SUBJECT_RESOLVED.ceType("contacts"));
        SubjectResolved resolved = JSON.readValue(answer.value(), SubjectResolved.class);
        assertThat(resolved.owner()).isEqualTo("contacts-service");
        assertThat(resolved.contactIds()).containsExactlyInAnyOrder(UUID.fromString(byEmail), UUID.fromString(byPhone));
        // Resolution only reads.
        status(tenant, byEmail, 200);
        status(tenant, byPhone, 200);
    }

    private String emailIndex(String email) {
        return subjectIndex.email(tenant, email).value();
    }

    private static PrivacyRequestSubmitted request(UUID requestId, RequestType type, SubjectRef subject, int attempt,
                                                   String exportPublicKey, String corrections) {
        return new PrivacyRequestSubmitted(requestId, type, subject, attempt, exportPublicKey, corrections, Instant.now());
    }

    private String create(UUID tenant, String body) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "contacts-editor"))
                .contentType("application/json").body(body)
                .when().post("/api/contacts")
                .then().statusCode(201).extract().path("id");
    }

    private void status(UUID tenant, String contact, int expected) {
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .when().get("/api/contacts/" + contact)
                .then().statusCode(expected);
    }

    private void publish(UUID eventId, PrivacyRequestSubmitted request) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS, Topics.requestKey(request.requestId()),
                eventId, EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), "privacy-service", tenant, JSON.writeValueAsBytes(request)));
    }

    private static TaskCompleted completed(ConsumerRecord<String, byte[]> record) throws Exception {
        assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EventType.TASK_COMPLETED.ceType("contacts"));
        return JSON.readValue(record.value(), TaskCompleted.class);
    }

    private List<ConsumerRecord<String, byte[]>> receiptsOf(UUID requestId, int expected, Duration patience) {
        return recordsOf(receipts, requestId, expected, patience);
    }

    /** Records of the request published from now on; waits for {@code expected} of them, or the whole patience for 0. */
    private static List<ConsumerRecord<String, byte[]>> recordsOf(KafkaConsumer<String, byte[]> consumer, UUID requestId,
                                                                  int expected, Duration patience) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline) && (expected == 0 || found.size() < expected)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (requestId.toString().equals(record.key())) {
                    found.add(record);
                }
            }
        }
        assertThat(found).as("records of request " + requestId).hasSize(expected);
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

package dev.oubli.privacy.privacyrequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.RequestType;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The owners' receipts, produced here as contacts-service's outbox relay writes them. */
@QuarkusTest
class TaskReceiptListenerTest {

    static final UUID TENANT = UUID.randomUUID();
    /** The one test owner handling RESTRICTION requests (%test registry). */
    static final String CONTACTS = "test-owner-a";
    static final String COMPLETED_TYPE = EventType.TASK_COMPLETED.ceType("contacts");
    static final String FAILED_TYPE = EventType.TASK_FAILED.ceType("contacts");
    static final ObjectMapper JSON = EventJson.newObjectMapper();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void openProducer() {
        producer = new KafkaProducer<>(CloudEventTopics.settings(bootstrapServers, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void completesTheRequestOnlyOnceTheContactsReceiptArrived() throws Exception {
        UUID id = submitErasure();
        show(id).body("status", equalTo("IN_PROGRESS"))
                .body("completedAt", nullValue())
                .body("tasks", hasSize(1))
                .body("tasks[0].owner", equalTo(CONTACTS))
                .body("tasks[0].status", equalTo("PENDING"));

        deliver(UUID.randomUUID(), COMPLETED_TYPE, completed(id, CONTACTS, 3));

        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> show(id)
                .body("status", equalTo("COMPLETED"))
                .body("completedAt", not(nullValue()))
                .body("tasks[0].status", equalTo("COMPLETED"))
                .body("tasks[0].counts.erased", equalTo(3))
                .body("tasks[0].failureReason", nullValue()));
    }

    @Test
    void aReceiptDeliveredTwiceChangesNothingTheSecondTime() throws Exception {
        UUID id = submitErasure();
        UUID receipt = UUID.randomUUID();
        deliver(receipt, COMPLETED_TYPE, completed(id, CONTACTS, 2));
        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> show(id).body("status", equalTo("COMPLETED")));
        String afterTheFirst = show(id).extract().asString();

        deliver(receipt, COMPLETED_TYPE, completed(id, CONTACTS, 2));
        UUID anotherReceipt = UUID.randomUUID();
        deliver(anotherReceipt, COMPLETED_TYPE, completed(id, CONTACTS, 5));
        // Same key, same partition: once the last one is recorded, the redelivery before it was handled too.
        await().atMost(90, TimeUnit.SECONDS).until(() -> inInbox(anotherReceipt));

        assertThat(show(id).extract().asString()).isEqualTo(afterTheFirst);
        show(id).body("tasks[0].counts.erased", equalTo(2));
    }

    @Test
    void theInboxRecognisesARedeliveryByItsEventIdAlone() throws Exception {
        UUID first = submitErasure();
        UUID second = submitErasure();
        UUID receipt = UUID.randomUUID();
        deliver(receipt, COMPLETED_TYPE, completed(first, CONTACTS, 1));
        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> show(first).body("status", equalTo("COMPLETED")));

        // The same ce_id again is a redelivery whatever it says: it must not complete the second request.
        deliver(receipt, COMPLETED_TYPE, completed(second, CONTACTS, 1));
        deliver(UUID.randomUUID(), COMPLETED_TYPE, completed(second, CONTACTS, 4));

        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> show(second).body("status", equalTo("COMPLETED")));
        show(second).body("tasks[0].counts.erased", equalTo(4));
    }

    @Test
    void aFailureReceiptFailsTheRequestOfASingleOwnerAndShowsTheReason() throws Exception {
        UUID id = submitErasure();

        deliver(UUID.randomUUID(), FAILED_TYPE,
                new TaskFailed(id, CONTACTS, RequestType.RESTRICTION, TaskFailureReason.SUBJECT_NOT_RESOLVABLE, false, Instant.now()));

        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> show(id)
                .body("status", equalTo("FAILED"))
                .body("completedAt", not(nullValue()))
                .body("tasks[0].status", equalTo("FAILED"))
                .body("tasks[0].failureReason", equalTo("SUBJECT_NOT_RESOLVABLE"))
                .body("tasks[0].counts", nullValue()));
    }

    /** Issue 17 item 2: a receipt this service can never record fails its task at once instead of leaving it pending. */
    @Test
    void aReceiptThatCanNeverBeRecordedIsDeadLetteredAndFailsItsTaskWithTheReason() throws Exception {
        UUID id = submitErasure();

        send(Topics.requestKey(id), UUID.randomUUID(), COMPLETED_TYPE, TENANT,
                ("{\"requestId\":\"" + id + "\",\"owner\":\"" + CONTACTS + "\",\"counts\":\"not counts\"}").getBytes(StandardCharsets.UTF_8));

        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> show(id)
                .body("status", equalTo("FAILED"))
                .body("tasks[0].status", equalTo("FAILED"))
                .body("tasks[0].failureReason", equalTo("RECEIPT_DEAD_LETTERED")));
    }

    @Test
    void acknowledgesAndIgnoresAReceiptOfAnUnknownRequestOrOwner() throws Exception {
        UUID unknownRequest = UUID.randomUUID();
        UUID ofUnknownRequest = UUID.randomUUID();
        deliver(ofUnknownRequest, COMPLETED_TYPE, completed(unknownRequest, CONTACTS, 1));
        UUID id = submitErasure();
        deliver(UUID.randomUUID(), EventType.TASK_COMPLETED.ceType("knowledge"), completed(id, "knowledge-service", 9));
        deliver(UUID.randomUUID(), COMPLETED_TYPE, completed(id, CONTACTS, 1));

        await().atMost(90, TimeUnit.SECONDS).until(() -> inInbox(ofUnknownRequest));
        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() -> show(id)
                .body("status", equalTo("COMPLETED"))
                .body("tasks", hasSize(1))
                .body("tasks[0].owner", equalTo(CONTACTS))
                .body("tasks[0].counts.erased", equalTo(1)));
    }

    @Test
    void skipsOtherEventTypesAndSendsAnUnreadableReceiptToTheDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaConsumer<String, byte[]> deadLetters = readFromTheEnd(Topics.deadLetter(Topics.PRIVACY_TASK_RESULTS))) {
            UUID notAReceipt = UUID.randomUUID();
            send(key, notAReceipt, "dev.oubli.contacts.contact-renamed.v1", TENANT, "{\"unknown\":true}".getBytes(StandardCharsets.UTF_8));
            UUID unreadable = UUID.randomUUID();
            send(key, unreadable, COMPLETED_TYPE, TENANT, "{\"requestId\":".getBytes(StandardCharsets.UTF_8));

            List<String> parked = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(20);
            while (!parked.contains(unreadable.toString()) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : deadLetters.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        parked.add(new String(record.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertThat(parked).containsExactly(unreadable.toString());
        }
    }

    // --- helpers

    UUID submitErasure() {
        String id = given().auth().oauth2(TestTokens.forTenant(TENANT, "privacy-officer"))
                .contentType(ContentType.JSON)
                .body("{\"type\":\"RESTRICTION\",\"subject\":{\"emails\":[\"ada@example.com\"],\"contactIds\":[\"" + UUID.randomUUID() + "\"]}}")
                .when().post("/api/privacy-requests")
                .then().statusCode(202).extract().path("id");
        return UUID.fromString(id);
    }

    static ValidatableResponse show(UUID id) {
        return given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer"))
                .when().get("/api/privacy-requests/" + id)
                .then().statusCode(200);
    }

    static TaskCompleted completed(UUID requestId, String owner, long erased) {
        return new TaskCompleted(requestId, owner, RequestType.RESTRICTION, Map.of("erased", erased), Instant.now());
    }

    /** A receipt of the test tenant, keyed by its request id as every owner keys it. */
    void deliver(UUID eventId, String ceType, Object receipt) throws Exception {
        UUID requestId = receipt instanceof TaskCompleted c ? c.requestId() : ((TaskFailed) receipt).requestId();
        send(Topics.requestKey(requestId), eventId, ceType, TENANT, JSON.writeValueAsBytes(receipt));
    }

    void send(String key, UUID eventId, String ceType, UUID tenant, byte[] payload) throws Exception {
        producer.send(CloudEventTopics.cloudEvent(Topics.PRIVACY_TASK_RESULTS, key, eventId, ceType, CONTACTS, tenant, payload))
                .get(10, TimeUnit.SECONDS);
    }

    KafkaConsumer<String, byte[]> readFromTheEnd(String topic) {
        return CloudEventTopics.readFromTheEnd(bootstrapServers, topic);
    }

    /** Whether the service recorded the event in its inbox: its transaction committed. */
    boolean inInbox(UUID eventId) throws SQLException {
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, TENANT.toString());
                set.execute();
            }
            try (PreparedStatement query = c.prepareStatement(
                    "select count(*) from inbox_message where consumer = 'privacy-service.task-results' and event_id = ?")) {
                query.setObject(1, eventId);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    boolean found = rows.getLong(1) == 1;
                    c.commit();
                    return found;
                }
            }
        }
    }
}

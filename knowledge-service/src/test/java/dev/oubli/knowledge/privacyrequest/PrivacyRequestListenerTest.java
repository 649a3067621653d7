package dev.oubli.knowledge.privacyrequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.ExportChunk;
import dev.oubli.events.PrivacyRequestSubmitted;
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
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** knowledge-service as an owner of privacy requests, over the real Kafka. */
@QuarkusTest
class PrivacyRequestListenerTest {

    static final String EMAIL = "ada.lovelace@example.com";
    static final String PHONE_DIGITS = "612345678"; // +33 6 12 34 56 78, however it is written
    static final ObjectMapper EVENTS = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();
    final UUID contact = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @Inject
    CorrectionSealing correctionSealing;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

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
    void erasureLeavesNoOccurrenceOfTheSubjectsEmailOrPhoneInAnyColumn() throws Exception {
        String withEmail = conversation("emile", "{\"email\":\"Ada.Lovelace@example.com\"}", "Bonjour, rappelez-moi au 06 12 34 56 78", null);
        String withContact = conversation("tom", "{\"contactId\":\"" + contact + "\"}", "Allô ?", "Ada donne son mail " + EMAIL);
        String gracesOwn = conversation("emile", "{\"email\":\"grace@example.com\"}",
                "Grace transmet le contact d'Ada : " + EMAIL + ", tél. +33612345678.", "Grace cite le 06.12.34.56.78");
        String noteAbout = note("Ada", "Cliente fidèle", contact);
        String noteMentioning = note("Suivi", "Écrire à ADA.LOVELACE@example.com ou appeler le 06 12 34 56 78. Ne pas contacter grace@example.com.", null);
        String document = document("Annuaire", "Ada : " + EMAIL + "\nGrace : grace@example.com");
        assertThat(columnsHolding(EMAIL)).as("positive control: the search sees the data before erasure").isNotEmpty();
        assertThat(columnsHoldingPhone()).isNotEmpty();

        UUID requestId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        publish(eventId, request(requestId, RequestType.ERASURE, subject(), 1, null, null));

        TaskCompleted receipt = completed(requestId);
        assertThat(receipt.owner()).isEqualTo("knowledge-service");
        assertThat(receipt.counts()).containsEntry("conversations-erased", 2L).containsEntry("conversations-masked", 1L)
                .containsEntry("notes-erased", 1L).containsEntry("notes-masked", 1L).containsEntry("documents-masked", 1L);

        assertThat(columnsHolding(EMAIL)).as("columns still holding the email").isEmpty();
        assertThat(columnsHoldingPhone()).as("columns still holding the phone").isEmpty();
        assertThat(columnsHolding("grace@example.com")).as("someone else's data stays").isNotEmpty();

        status("/api/conversations/" + withEmail, 404);
        status("/api/conversations/" + withContact, 404);
        status("/api/notes/" + noteAbout, 404);
        given().auth().oauth2(viewer()).when().get("/api/conversations/" + gracesOwn).then().statusCode(200)
                .body("participants.email", contains("grace@example.com"))
                .body("messages[0].body", equalTo("Grace transmet le contact d'Ada : [erased], tél. [erased]."))
                .body("transcript", equalTo("Grace cite le [erased]"));
        given().auth().oauth2(viewer()).when().get("/api/notes/" + noteMentioning).then().statusCode(200)
                .body("body", equalTo("Écrire à [erased] ou appeler le [erased]. Ne pas contacter grace@example.com."));
        given().auth().oauth2(viewer()).when().get("/api/documents/" + document).then().statusCode(200)
                .body("text", equalTo("Ada : [erased]\nGrace : grace@example.com"));

        // The same event again: skipped by the inbox. The watchdog's re-publication: the first receipt repeated.
        publish(eventId, request(requestId, RequestType.ERASURE, subject(), 1, null, null));
        publish(UUID.randomUUID(), request(requestId, RequestType.ERASURE, subject(), 2, null, null));
        List<ConsumerRecord<String, byte[]>> again = receiptsOf(requestId, 1, Duration.ofSeconds(60));
        assertThat(EVENTS.readValue(again.get(0).value(), TaskCompleted.class).counts()).isEqualTo(receipt.counts());
        assertThat(receiptsOf(requestId, 0, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void theTenantMayDeleteWhatMentionsTheSubjectInsteadOfMaskingIt() throws Exception {
        given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType("application/json")
                .body("{\"mentions\":\"DELETE\"}").when().put("/api/erasure-policy").then().statusCode(200);
        given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor")).contentType("application/json")
                .body("{\"mentions\":\"DELETE\"}").when().put("/api/erasure-policy").then().statusCode(403);
        String noteMentioning = note("Suivi", "Écrire à " + EMAIL, null);
        String unrelated = note("Autre", "Rien à voir", null);

        UUID requestId = UUID.randomUUID();
        publish(UUID.randomUUID(), request(requestId, RequestType.ERASURE, subject(), 1, null, null));
        assertThat(completed(requestId).counts()).containsEntry("notes-erased", 1L).containsEntry("notes-masked", 0L);
        status("/api/notes/" + noteMentioning, 404);
        status("/api/notes/" + unrelated, 200);
    }

    @Test
    void anExportHoldsTheSubjectsConversationsAndOnlyTheirs() throws Exception {
        String adas = conversation("emile", "{\"email\":\"" + EMAIL + "\"},{\"email\":\"bob@example.com\"}", "Message d'Ada", "Transcription d'Ada");
        String viaContact = conversation("tom", "{\"contactId\":\"" + contact + "\"}", "Second échange", null);
        String someoneElses = conversation("emile", "{\"email\":\"grace@example.com\"}", "Grace parle d'Ada : " + EMAIL + " et d'autre chose", null);
        note("Ada", "Cliente fidèle", contact);
        note("Autre client", "Sans rapport", UUID.randomUUID());
        ExportKeyPair keys = ExportSealing.newKeyPair();

        UUID requestId = UUID.randomUUID();
        publish(UUID.randomUUID(), request(requestId, RequestType.ACCESS, subject(), 1, keys.publicKeyset(), null));
        TaskCompleted receipt = completed(requestId);
        List<ExportChunk> chunks = chunksOf(requestId, receipt.counts().get("chunks").intValue());

        JsonNode part = new ObjectMapper().readTree(ExportSealing.open(keys.privateKeyset(), requestId, "knowledge-service", chunks))
                .get("records");
        assertThat(ids(part.get("conversations"), "id")).containsExactlyInAnyOrder(adas, viaContact);
        assertThat(ids(part.get("messages"), "conversationId")).containsExactlyInAnyOrder(adas, viaContact);
        assertThat(part.get("conversations").toString()).contains("Transcription d'Ada").doesNotContain(someoneElses);
        assertThat(part.get("participants").toString()).contains(EMAIL).contains(contact.toString()).doesNotContain("bob@example.com");
        assertThat(part.get("notes")).hasSize(1);
        assertThat(part.get("notes").get(0).get("body").asText()).isEqualTo("Cliente fidèle");
        assertThat(part.get("passages")).hasSize(1);
        assertThat(part.get("passages").get(0).get("text").asText()).contains(EMAIL);
        assertThat(part.get("passages").get(0).get("source").asText()).isEqualTo("MESSAGE");
        assertThat(receipt.counts()).containsEntry("conversations", 2L).containsEntry("passages", 1L);

        // Nothing in clear on Kafka: the chunks are ciphertext
        chunks.forEach(chunk -> assertThat(chunk.ciphertext()).doesNotContain("Ada"));
    }

    @Test
    void theCheckEvidenceIsExportedWithTheConversationAndErasedWithIt() throws Exception {
        UUID check = UUID.randomUUID();
        String checked = given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor")).contentType("application/json").body("""
                        {"agent":"emile","channel":"EMAIL","startedAt":"2027-01-01T00:00:00Z","participants":[{"email":"%s"}],
                         "checkId":"%s","disclosureVersion":"emile/EMAIL/v2",
                         "messages":[{"direction":"OUTBOUND","sentAt":"2027-01-01T00:00:00Z","body":"Bonjour"}]}""".formatted(EMAIL, check))
                .when().post("/api/conversations").then().statusCode(201).extract().path("id");
        assertThat(rowsCarrying(check)).as("positive control: the conversation and its outbound message").isEqualTo(2);
        ExportKeyPair keys = ExportSealing.newKeyPair();
        UUID exportId = UUID.randomUUID();
        publish(UUID.randomUUID(), request(exportId, RequestType.ACCESS, subject(), 1, keys.publicKeyset(), null));
        TaskCompleted exported = completed(exportId);
        JsonNode part = new ObjectMapper().readTree(ExportSealing.open(keys.privateKeyset(), exportId, "knowledge-service",
                chunksOf(exportId, exported.counts().get("chunks").intValue()))).get("records");
        assertThat(part.get("conversations")).hasSize(1);
        assertThat(part.get("conversations").get(0).get("id").asText()).isEqualTo(checked);
        assertThat(part.get("conversations").get(0).get("checkId").asText()).isEqualTo(check.toString());
        assertThat(part.get("conversations").get(0).get("disclosureVersion").asText()).isEqualTo("emile/EMAIL/v2");
        assertThat(part.get("messages").get(0).get("checkId").asText()).isEqualTo(check.toString());

        UUID erasureId = UUID.randomUUID();
        publish(UUID.randomUUID(), request(erasureId, RequestType.ERASURE, subject(), 1, null, null));
        assertThat(completed(erasureId).counts()).containsEntry("conversations-erased", 1L);
        status("/api/conversations/" + checked, 404);
        assertThat(rowsCarrying(check)).as("rows still carrying the erased conversation's check").isZero();
    }

    /** The conversations and messages of the tenant carrying the check id, read as the owner role. */
    private long rowsCarrying(UUID check) throws SQLException {
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            try (PreparedStatement query = c.prepareStatement("""
                    select (select count(*) from conversation where check_id = ?::uuid)
                         + (select count(*) from conversation_message where check_id = ?::uuid)""")) {
                query.setString(1, check.toString());
                query.setString(2, check.toString());
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                } finally {
                    c.rollback();
                }
            }
        }
    }

    @Test
    void rectificationUpdatesTheParticipantsDetails() throws Exception {
        String adas = conversation("emile", "{\"email\":\"" + EMAIL + "\"}", "Bonjour", null);
        UUID requestId = UUID.randomUUID();
        String sealed = correctionSealing.seal(tenant, requestId, Map.of("email", "ada@new.example.org", "firstName", "Ada"));
        publish(UUID.randomUUID(), request(requestId, RequestType.RECTIFICATION, subject(), 1, null, sealed));
        assertThat(completed(requestId).counts()).containsEntry("rectified", 1L);
        given().auth().oauth2(viewer()).when().get("/api/conversations/" + adas).then()
                .body("participants.email", contains("ada@new.example.org"));

        // the subject index follows: an erasure by the new address finds the conversation
        UUID erasure = UUID.randomUUID();
        publish(UUID.randomUUID(), request(erasure, RequestType.ERASURE,
                new SubjectRef(List.of(), List.of(subjectIndex.email(tenant, "ada@new.example.org").value()), List.of()), 1, null, null));
        assertThat(completed(erasure).counts()).containsEntry("conversations-erased", 1L);
    }

    @Test
    void aRestrictedSubjectsConversationsAndNotesAreKeptButNeitherSearchedReadNorChangedUntilTheRestrictionIsLifted() throws Exception {
        String byEmail = conversation("emile", "{\"email\":\"Ada.Lovelace@example.com\"}", "Parlons du zeppelin", null);
        String byContact = conversation("tom", "{\"contactId\":\"" + contact + "\"}", "Allô ?", "Le zeppelin arrive");
        String noteAbout = note("Ada", "Aime le zeppelin", contact);
        String gracesOwn = conversation("emile", "{\"email\":\"grace@example.com\"}", "Grace et son zeppelin", null);
        assertThat(searchHits("zeppelin")).as("positive control").hasSize(4);

        UUID restriction = UUID.randomUUID();
        publish(UUID.randomUUID(), request(restriction, RequestType.RESTRICTION, subject(), 1, null, null));
        assertThat(completed(restriction).counts()).containsEntry("conversations-restricted", 2L).containsEntry("notes-restricted", 1L);

        assertThat(searchHits("zeppelin")).as("only what does not concern the restricted subject").containsExactly(gracesOwn);
        given().auth().oauth2(viewer()).when().get("/api/conversations/" + byEmail).then().statusCode(403)
                .body("type", containsString("processing-restricted"));
        given().auth().oauth2(viewer()).when().get("/api/notes/" + noteAbout).then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).when().get("/api/conversations/" + byContact)
                .then().statusCode(200).body("transcript", equalTo("Le zeppelin arrive"));
        given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor")).contentType("application/json")
                .body(Map.of("title", "Ada", "body", "changé")).when().put("/api/notes/" + noteAbout).then().statusCode(409)
                .body("type", containsString("processing-restricted"));
        given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor")).contentType("application/json")
                .body(Map.of("direction", "OUTBOUND", "body", "Encore ?")).when().post("/api/conversations/" + byEmail + "/messages")
                .then().statusCode(409);
        String later = note("Suivi", "Le zeppelin encore", contact);
        assertThat(searchHits("zeppelin")).as("a note written later about the subject is restricted too").containsExactly(gracesOwn);

        UUID lift = UUID.randomUUID();
        publish(UUID.randomUUID(), request(lift, RequestType.RESTRICTION_LIFT, subject(), 1, null, null));
        assertThat(completed(lift).counts()).containsEntry("conversations-still-restricted", 0L).containsEntry("notes-still-restricted", 0L);
        assertThat(searchHits("zeppelin")).containsExactlyInAnyOrder(byEmail, byContact, noteAbout, gracesOwn, later);
        status("/api/conversations/" + byEmail, 200);
        status("/api/notes/" + noteAbout, 200);
    }

    @Test
    void anObjectionRestrictsTheSubjectsItemsAndARestrictionsLiftDoesNotEndIt() throws Exception {
        String byEmail = conversation("emile", "{\"email\":\"Ada.Lovelace@example.com\"}", "Parlons du dirigeable", null);
        UUID objection = UUID.randomUUID();
        publish(UUID.randomUUID(), request(objection, RequestType.OBJECTION, subject(), 1, null, null));
        assertThat(completed(objection).counts()).containsEntry("conversations-restricted", 1L);
        UUID lift = UUID.randomUUID();
        publish(UUID.randomUUID(), request(lift, RequestType.RESTRICTION_LIFT, subject(), 1, null, null));
        assertThat(completed(lift).counts()).containsEntry("conversations-still-restricted", 1L);
        assertThat(searchHits("dirigeable")).isEmpty();
        status("/api/conversations/" + byEmail, 403);
    }

    @Test
    void answersTaskFailedForWhatItCannotDo() throws Exception {
        UUID keyless = UUID.randomUUID();
        publish(UUID.randomUUID(), request(keyless, RequestType.ACCESS, subject(), 1, null, null));
        assertThat(failed(keyless).reason()).isEqualTo(TaskFailureReason.INVALID_REQUEST);

        UUID tampered = UUID.randomUUID();
        publish(UUID.randomUUID(), request(tampered, RequestType.RECTIFICATION, subject(), 1, null,
                correctionSealing.seal(tenant, UUID.randomUUID(), Map.of("email", "x@example.com"))));
        assertThat(failed(tampered).reason()).isEqualTo(TaskFailureReason.INVALID_REQUEST);
    }

    /** Issue 17 item 2: a request record the owner can never apply fails its task at once, not after the watchdog's hour. */
    @Test
    void aRequestRecordThatCanNeverBeAppliedIsDeadLetteredWithAFailureReceipt() throws Exception {
        UUID requestId = UUID.randomUUID();
        byte[] schemaInvalid = ("{\"requestId\":\"" + requestId + "\",\"requestType\":\"ERASURE\",\"subject\":42,\"attempt\":1}")
                .getBytes(StandardCharsets.UTF_8);
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS, Topics.requestKey(requestId),
                UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), "privacy-service", tenant, schemaInvalid));

        TaskFailed failed = failed(requestId);
        assertThat(failed.reason()).isEqualTo(TaskFailureReason.DEAD_LETTERED);
        assertThat(failed.retryable()).isFalse();
    }

    @Test
    void erasurePolicyAnswersValidationAndAccessErrors() {
        given().auth().oauth2(viewer()).when().get("/api/erasure-policy").then().statusCode(200).body("mentions", equalTo("MASK"));
        given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType("application/json").body("{\"mentions\":\"SHRED\"}")
                .when().put("/api/erasure-policy").then().statusCode(400);
        given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType("application/json").body("{}")
                .when().put("/api/erasure-policy").then().statusCode(400);
        given().when().get("/api/erasure-policy").then().statusCode(401);
    }

    private SubjectRef subject() {
        return new SubjectRef(List.of(contact), List.of(subjectIndex.email(tenant, EMAIL).value()),
                List.of(subjectIndex.phone(tenant, "+33612345678", null).value()));
    }

    private PrivacyRequestSubmitted request(UUID requestId, RequestType type, SubjectRef subject, int attempt, String key, String corrections) {
        return new PrivacyRequestSubmitted(requestId, type, subject, attempt, key, corrections, Instant.now());
    }

    private void publish(UUID eventId, PrivacyRequestSubmitted request) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS, Topics.requestKey(request.requestId()),
                eventId, EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), "privacy-service", tenant, EVENTS.writeValueAsBytes(request)));
    }

    private TaskCompleted completed(UUID requestId) throws Exception {
        ConsumerRecord<String, byte[]> record = receiptsOf(requestId, 1, Duration.ofSeconds(120)).get(0);
        assertThat(ceType(record)).isEqualTo("dev.oubli.knowledge.task-completed.v1");
        return EVENTS.readValue(record.value(), TaskCompleted.class);
    }

    private TaskFailed failed(UUID requestId) throws Exception {
        ConsumerRecord<String, byte[]> record = receiptsOf(requestId, 1, Duration.ofSeconds(120)).get(0);
        assertThat(ceType(record)).isEqualTo("dev.oubli.knowledge.task-failed.v1");
        return EVENTS.readValue(record.value(), TaskFailed.class);
    }

    private static String ceType(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return new String(type.value(), StandardCharsets.UTF_8);
    }

    /**
     * This owner's receipts of the request published from now on (other owners on the shared broker may answer it too);
     * waits for {@code expected} of them, or the whole patience for 0.
     */
    private List<ConsumerRecord<String, byte[]>> receiptsOf(UUID requestId, int expected, Duration patience) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline) && (expected == 0 || found.size() < expected)) {
            for (ConsumerRecord<String, byte[]> record : receipts.poll(Duration.ofMillis(200))) {
                if (requestId.toString().equals(record.key()) && ceType(record).startsWith("dev.oubli.knowledge.")) {
                    found.add(record);
                }
            }
        }
        assertThat(found).as("receipts of request " + requestId).hasSize(expected);
        return found;
    }

    private List<ExportChunk> chunksOf(UUID requestId, int expected) throws Exception {
        List<ExportChunk> found = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && found.size() < expected) {
            for (ConsumerRecord<String, byte[]> record : exports.poll(Duration.ofMillis(200))) {
                ExportChunk chunk = EVENTS.readValue(record.value(), ExportChunk.class);
                if (requestId.toString().equals(record.key()) && chunk.owner().equals("knowledge-service")) {
                    found.add(chunk); // other owners on the shared broker may export their part too
                }
            }
        }
        assertThat(found).hasSize(expected);
        return found;
    }

    /**
     * Every text, JSON and binary column of every table of the knowledge database, read as the owner role for the
     * subject's tenant (and across tenants where the outbox relay may read): the columns holding {@code needle}.
     */
    private List<String> columnsHolding(String needle) throws SQLException {
        return columnsMatching("position(lower(?) in lower(%s)) > 0", needle);
    }

    /** The same over the digits of each value, so "06 12 34 56 78", "06.12.34.56.78" and "+33612345678" all count. */
    private List<String> columnsHoldingPhone() throws SQLException {
        return columnsMatching("position(? in regexp_replace(%s, '[^0-9]', '', 'g')) > 0", PHONE_DIGITS);
    }

    private List<String> columnsMatching(String condition, String needle) throws SQLException {
        List<String> holding = new ArrayList<>();
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true), set_config('oubli.outbox_relay', 'on', true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("""
                    select c.table_name, c.column_name, c.data_type from information_schema.columns c
                    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'tsvector')""");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(new String[]{rows.getString(1), rows.getString(2), rows.getString(3)});
                }
            }
            assertThat(columns).extracting(column -> column[0] + "." + column[1])
                    .contains("note.body", "conversation.transcript", "conversation_message.body", "conversation_participant.email",
                            "document.body", "privacy_request_handled.counts", "outbox_event.payload");
            for (String[] column : columns) {
                String value = switch (column[2]) {
                    case "bytea" -> "convert_from(\"" + column[1] + "\", 'UTF8')";
                    default -> "\"" + column[1] + "\"::text";
                };
                try (PreparedStatement query = c.prepareStatement("select count(*) from \"" + column[0] + "\" where "
                        + condition.formatted(value))) {
                    query.setString(1, needle);
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) > 0) {
                            holding.add(column[0] + "." + column[1]);
                        }
                    }
                }
            }
            c.rollback();
        }
        return holding;
    }

    private String conversation(String agent, String participants, String message, String transcript) {
        String body = """
                {"agent":"%s","channel":"EMAIL","startedAt":"2027-01-01T00:00:00Z","participants":[%s],%s
                 "messages":[{"direction":"INBOUND","sentAt":"2027-01-01T00:00:00Z","body":"%s"}]}"""
                .formatted(agent, participants, transcript == null ? "" : "\"transcript\":\"" + transcript + "\",", message);
        return given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor")).contentType("application/json").body(body)
                .when().post("/api/conversations").then().statusCode(201).extract().path("id");
    }

    private String note(String title, String body, UUID about) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor")).contentType("application/json")
                .body(about == null ? Map.of("title", title, "body", body) : Map.of("title", title, "body", body, "contactId", about.toString()))
                .when().post("/api/notes").then().statusCode(201).extract().path("id");
    }

    private String document(String title, String text) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor")).contentType("application/json")
                .body(Map.of("title", title, "format", "TEXT", "content", text))
                .when().post("/api/documents").then().statusCode(201).extract().path("id");
    }

    private void status(String path, int expected) {
        given().auth().oauth2(viewer()).when().get(path).then().statusCode(expected);
    }

    private static List<String> ids(JsonNode rows, String field) {
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.get(field).asText()));
        return ids;
    }

    /** The conversation (for a message or transcript) or note ids of the search's hits, as a viewer. */
    private List<String> searchHits(String query) {
        List<String> found = new ArrayList<>();
        List<Map<String, String>> hits = given().auth().oauth2(viewer()).queryParam("q", query).when().get("/api/search")
                .then().statusCode(200).extract().path("hits");
        hits.forEach(hit -> found.add(hit.get("conversationId") != null ? hit.get("conversationId") : hit.get("id")));
        return found.stream().distinct().toList();
    }

    private String viewer() {
        return TestTokens.forTenant(tenant, "viewer");
    }
}

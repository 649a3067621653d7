package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.EventJson;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
class PrivacyRequestResourceTest {

    static final UUID TENANT = UUID.randomUUID();
    static final UUID OTHER_TENANT = UUID.randomUUID();
    static final String EMAIL = "Ada.Lovelace@Example.com";
    static final String PHONE = "06 12 34 56 78";
    static final String PHONE_E164 = "+33612345678";

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    static String officer() {
        return TestTokens.forTenant(TENANT, "privacy-officer");
    }

    static Response submit(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/privacy-requests");
    }

    static String erasureOf(String emails, String phones, String contactIds) {
        return """
                {"type":"ERASURE","subject":{"emails":[%s],"phones":[%s],"contactIds":[%s]}}""".formatted(emails, phones, contactIds);
    }

    UUID insertRequest(UUID tenant, String type) throws SQLException {
        UUID id = UUID.randomUUID();
        TenantSql.execute(owner, tenant, "insert into privacy_request (tenant_id, id, type, status, due_on) values (?, ?, ?, 'IN_PROGRESS', ?)",
                tenant, id, type, LocalDate.now().plusMonths(1));
        return id;
    }

    @Test
    void listsTheCallersRequestsAndNoOtherTenants() throws SQLException {
        UUID tenant = UUID.randomUUID();
        UUID mine = insertRequest(tenant, "ERASURE");
        insertRequest(OTHER_TENANT, "ACCESS");

        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .when().get("/api/privacy-requests")
                .then().statusCode(200)
                .body("items.id", contains(mine.toString()))
                .body("items.type", contains("ERASURE"));
    }

    @Test
    void acceptsAnErasureAndPublishesItsSubjectAsBlindIndexesOnly() throws Exception {
        UUID contact = UUID.randomUUID();
        try (KafkaConsumer<String, byte[]> requests = readFromTheEnd(Topics.PRIVACY_REQUESTS)) {
            Response accepted = submit(officer(), erasureOf("\"" + EMAIL + "\"", "\"" + PHONE + "\"", "\"" + contact + "\""));

            accepted.then().statusCode(202)
                    .contentType(ContentType.JSON)
                    .body("status", equalTo("IN_PROGRESS"));
            UUID id = UUID.fromString(accepted.path("id"));
            assertThat(accepted.header("Location")).isEqualTo("/api/privacy-requests/" + id);

            ConsumerRecord<String, byte[]> record = receive(requests, id.toString());
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("dev.oubli.privacy.request-submitted.v1");
            assertThat(header(record, CloudEventHeaders.TENANT_ID)).isEqualTo(TENANT.toString());
            assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/privacy-service");
            PrivacyRequestSubmitted event = EventJson.newObjectMapper().readValue(record.value(), PrivacyRequestSubmitted.class);
            assertThat(event.requestId()).isEqualTo(id);
            assertThat(event.requestType()).isEqualTo(RequestType.ERASURE);
            assertThat(event.attempt()).isEqualTo(1);
            assertThat(event.subject().contactIds()).containsExactly(contact);
            assertThat(event.subject().emailIndexes()).containsExactly(subjectIndex.email(TENANT, EMAIL).value());
            assertThat(event.subject().phoneIndexes()).containsExactly(subjectIndex.phone(TENANT, PHONE_E164, null).value());
            assertHoldsNoIdentifierInClear(record);

            Map<String, Object> row = requestRow(id);
            assertThat(row).containsEntry("type", "ERASURE").containsEntry("status", "IN_PROGRESS");
            assertThat((String[]) row.get("subject_email_indexes")).containsExactly(subjectIndex.email(TENANT, EMAIL).value());
            assertThat((String[]) row.get("subject_phone_indexes")).containsExactly(subjectIndex.phone(TENANT, PHONE, "FR").value());
            assertThat((UUID[]) row.get("subject_contact_ids")).containsExactly(contact);
            assertThat(((String) row.get("json")).toLowerCase()).doesNotContain("ada.lovelace", "example.com", "612345678");
        }
    }

    @Test
    void showsARequestWithItsSubjectAndOnePendingTaskPerOwner() {
        UUID contact = UUID.randomUUID();
        String id = submit(officer(), erasureOf("\"" + EMAIL + "\"", "", "\"" + contact + "\"")).then().statusCode(202).extract().path("id");

        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer"))
                .when().get("/api/privacy-requests/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("type", equalTo("ERASURE"))
                .body("status", equalTo("IN_PROGRESS"))
                .body("receivedAt", not(nullValue()))
                .body("dueOn", equalTo(LocalDate.now(ZoneOffset.UTC).plusMonths(1).toString()))
                .body("completedAt", nullValue())
                .body("subject.contactIds", contains(contact.toString()))
                .body("subject.emailIndexes", contains(subjectIndex.email(TENANT, EMAIL).value()))
                .body("subject.phoneIndexes", empty())
                .body("tasks", hasSize(2))
                .body("tasks.owner", contains("test-owner-a", "test-owner-b"))
                .body("tasks.status", contains("PENDING", "PENDING"))
                .body("tasks[0].counts", nullValue())
                .body("tasks[0].failureReason", nullValue())
                .body(not(containsString("ada.lovelace")));
    }

    @Test
    void acceptsASubjectNamedByAContactIdAlone() {
        submit(officer(), erasureOf("", "", "\"" + UUID.randomUUID() + "\"")).then().statusCode(202);
        submit(officer(), """
                {"type":"ERASURE","subject":{"phones":["+44 20 7946 0958"]}}""").then().statusCode(202);
    }

    @Test
    void answers400ForASubjectWithoutAnyIdentifier() {
        submit(officer(), erasureOf("", "", "")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/invalid-request"))
                .body("status", equalTo(400))
                .body("detail", containsString("at least one identifier"));
        submit(officer(), "{\"type\":\"ERASURE\"}").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void answers400ForMoreIdentifiersThanOneRequestMayCarry() {
        String contactIds = String.join(",", java.util.stream.Stream.generate(() -> "\"" + UUID.randomUUID() + "\"")
                .limit(PrivacyRequestService.MAX_IDENTIFIERS + 1).toList());
        submit(officer(), erasureOf("", "", contactIds)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("at most"));
    }

    @Test
    void answers400NamingTheInvalidEmailByItsPositionNeverByItsValue() {
        String body = submit(officer(), erasureOf("\"ok@example.com\", \"grace.hopper-at-navy.mil\"", "", ""))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid request"))
                .body("detail", containsString("subject.emails[1]"))
                .extract().asString();
        assertThat(body).doesNotContain("grace", "navy");
    }

    @Test
    void answers400NamingTheInvalidPhoneByItsPosition() {
        String body = submit(officer(), erasureOf("", "\"12\"", "")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("subject.phones[0]"))
                .extract().asString();
        assertThat(body).doesNotContain("\"12\"");
    }

    @Test
    void answers400ForAnUnknownFieldOrMalformedJson() {
        String unknownField = submit(officer(), """
                {"type":"ERASURE","subject":{"emails":["ada@example.com"]},"name":"Ada Lovelace"}""")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/invalid-request"))
                .extract().asString();
        assertThat(unknownField).doesNotContain("Ada", "ada@", "Exception", "dev.oubli");

        String malformed = submit(officer(), "{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"ada@example.com\"").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("The body is not valid JSON."))
                .extract().asString();
        assertThat(malformed).doesNotContain("ada@");

        submit(officer(), erasureOf("", "", "\"ada@example.com\"")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("subject.contactIds[0] has a value of the wrong type or format."));
        submit(officer(), "{\"type\":\"FORGET_ME\",\"subject\":{\"contactIds\":[\"" + UUID.randomUUID() + "\"]}}")
                .then().statusCode(400)
                .body("detail", equalTo("type has a value of the wrong type or format."));
    }

    @Test
    void answers401WithoutAValidToken() {
        given().when().get("/api/privacy-requests").then().statusCode(401);
        given().auth().oauth2(TestTokens.forOtherAudience(TENANT, "privacy-officer")).when().get("/api/privacy-requests").then().statusCode(401);
        given().contentType(ContentType.JSON).body(erasureOf("", "", "\"" + UUID.randomUUID() + "\""))
                .when().post("/api/privacy-requests").then().statusCode(401);
    }

    @Test
    void answers403WithoutTenantOrWithARoleThatMayNotRead() {
        given().auth().oauth2(TestTokens.withoutTenant("privacy-officer")).when().get("/api/privacy-requests").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(TENANT, "agent")).when().get("/api/privacy-requests").then().statusCode(403);
    }

    @Test
    void answers403ToAViewerSubmittingARequest() {
        submit(TestTokens.forTenant(TENANT, "viewer"), erasureOf("", "", "\"" + UUID.randomUUID() + "\"")).then().statusCode(403);
    }

    @Test
    void answers404ForAnotherTenantsRequestExactlyAsForAnUnknownOne() {
        String theirs = submit(TestTokens.forTenant(OTHER_TENANT, "privacy-officer"), erasureOf("", "", "\"" + UUID.randomUUID() + "\""))
                .then().statusCode(202).extract().path("id");

        String anotherTenants = given().auth().oauth2(officer()).when().get("/api/privacy-requests/" + theirs)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/not-found"))
                .extract().asString();
        String unknown = given().auth().oauth2(officer()).when().get("/api/privacy-requests/" + UUID.randomUUID())
                .then().statusCode(404).extract().asString();
        assertThat(anotherTenants).isEqualTo(unknown);
        given().auth().oauth2(officer()).when().get("/api/privacy-requests/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    // --- Kafka and database as the owner sees them

    KafkaConsumer<String, byte[]> readFromTheEnd(String topic) {
        return CloudEventTopics.readFromTheEnd(bootstrapServers, topic);
    }

    static ConsumerRecord<String, byte[]> receive(KafkaConsumer<String, byte[]> consumer, String key) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record with key " + key + " within 20 s");
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Key, headers and payload, byte for byte: neither the email nor the phone, as given or normalised. */
    static void assertHoldsNoIdentifierInClear(ConsumerRecord<String, byte[]> record) {
        List<String> texts = new ArrayList<>();
        texts.add(record.key());
        texts.add(new String(record.value(), StandardCharsets.UTF_8));
        for (Header header : record.headers()) {
            texts.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(texts).isNotEmpty().allSatisfy(text -> assertThat(text.toLowerCase())
                .doesNotContain("ada.lovelace", "example.com", "06 12 34 56 78", "0612345678", "612345678"));
    }

    Map<String, Object> requestRow(UUID id) throws SQLException {
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, TENANT.toString());
                set.execute();
            }
            try (PreparedStatement query = c.prepareStatement("""
                    select type, status, subject_contact_ids, subject_email_indexes, subject_phone_indexes, row_to_json(r)::text as json
                    from privacy_request r where id = ?""")) {
                query.setObject(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    assertThat(rows.next()).as("request row").isTrue();
                    Map<String, Object> row = Map.of(
                            "type", rows.getString("type"),
                            "status", rows.getString("status"),
                            "subject_contact_ids", array(rows.getArray("subject_contact_ids")),
                            "subject_email_indexes", array(rows.getArray("subject_email_indexes")),
                            "subject_phone_indexes", array(rows.getArray("subject_phone_indexes")),
                            "json", rows.getString("json"));
                    c.commit();
                    return row;
                }
            }
        }
    }

    static Object array(Array array) throws SQLException {
        return array.getArray();
    }
}

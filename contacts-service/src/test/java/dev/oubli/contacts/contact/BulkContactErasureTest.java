package dev.oubli.contacts.contact;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.ContactBatchErasureRequested;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Deleting many contacts in one call erases each person, in batches of one privacy request each (docs/adr/0062). */
@QuarkusTest
class BulkContactErasureTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();
    final String editor = TestTokens.forTenant(tenant, "contacts-editor");

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaConsumer<String, byte[]> erasures;

    @BeforeEach
    void readFromNowOn() {
        erasures = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.CONTACTS_ERASURE_REQUESTS);
    }

    @AfterEach
    void close() {
        erasures.close();
    }

    String create(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).when().post("/api/contacts")
                .then().statusCode(201).extract().path("id");
    }

    ExtractableResponse<Response> erase(String token, Object body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).when().post("/api/contacts/erasures")
                .then().extract();
    }

    @Test
    void theContactsFoundGoAtOnceAndOneBatchNamesThemWithTheirIndexesWhileUnknownAndOtherTenantsIdsAreListedNotFound()
            throws Exception {
        String ada = create(editor, "{\"firstName\":\"Ada\",\"email\":\"ada.bulk@example.com\",\"phone\":\"+33 6 12 34 56 70\"}");
        String bob = create(editor, "{\"firstName\":\"Bob\",\"email\":\"bob.bulk@example.com\"}");
        String tom = create(editor, "{\"firstName\":\"Tom\"}");
        String otherTenant = TestTokens.forTenant(UUID.randomUUID(), "contacts-editor");
        String theirs = create(otherTenant, "{\"firstName\":\"Theirs\"}");
        String unknown = UUID.randomUUID().toString();

        ExtractableResponse<Response> answer = erase(editor, Map.of("contactIds", List.of(bob, ada, theirs, unknown, tom, ada)));

        assertThat(answer.statusCode()).isEqualTo(202);
        String bulk = answer.path("bulkErasureId");
        assertThat(answer.header("Location")).isEqualTo("/api/bulk-erasures/" + bulk).isEqualTo(answer.path("bulkErasure"));
        assertThat(answer.<Integer>path("contacts")).isEqualTo(3);
        assertThat(answer.<List<String>>path("notFound")).containsExactly(theirs, unknown);
        List<String> requests = answer.path("privacyRequests");
        assertThat(requests).hasSize(1);

        List<ContactBatchErasureRequested> batches = batchesOf(UUID.fromString(bulk), 1);
        ContactBatchErasureRequested batch = batches.get(0);
        assertThat(batch.requestId()).hasToString(requests.get(0));
        assertThat(batch.batch()).isEqualTo(1);
        assertThat(batch.batches()).isEqualTo(1);
        assertThat(batch.subject().contactIds()).map(UUID::toString).containsExactly(bob, ada, tom);
        assertThat(batch.subject().emailIndexes()).containsExactly(subjectIndex.email(tenant, "bob.bulk@example.com").value(),
                subjectIndex.email(tenant, "ada.bulk@example.com").value());
        assertThat(batch.subject().phoneIndexes()).containsExactly(subjectIndex.phoneE164(tenant, "+33612345670").value());
        for (String gone : List.of(ada, bob, tom)) {
            given().auth().oauth2(editor).when().get("/api/contacts/" + gone).then().statusCode(404);
        }
        given().auth().oauth2(otherTenant).when().get("/api/contacts/" + theirs).then().statusCode(200);
    }

    @Test
    void fiveHundredAndOneContactsMakeTwoBatchesInTheOrderGiven() throws Exception {
        List<String> ids = IntStream.range(0, ContactBatchErasureRequested.MAX_CONTACTS + 1)
                .mapToObj(i -> create(editor, "{\"firstName\":\"P" + i + "\"}")).toList();

        ExtractableResponse<Response> answer = erase(editor, Map.of("contactIds", ids));

        assertThat(answer.statusCode()).isEqualTo(202);
        List<ContactBatchErasureRequested> batches = batchesOf(UUID.fromString(answer.path("bulkErasureId")), 2);
        batches.sort(Comparator.comparingInt(ContactBatchErasureRequested::batch));
        assertThat(batches).extracting(ContactBatchErasureRequested::batch).containsExactly(1, 2);
        assertThat(batches).allMatch(batch -> batch.batches() == 2);
        assertThat(batches.get(0).subject().contactIds()).map(UUID::toString).containsExactlyElementsOf(ids.subList(0, 500));
        assertThat(batches.get(1).subject().contactIds()).map(UUID::toString).containsExactly(ids.get(500));
        assertThat(batches).extracting(batch -> batch.requestId().toString())
                .containsExactlyElementsOf(answer.<List<String>>path("privacyRequests"));
        assertThat(given().auth().oauth2(editor).queryParam("limit", 10).when().get("/api/contacts")
                .then().statusCode(200).extract().<List<Object>>path("items")).isEmpty();
    }

    @Test
    void aListThatIsMissingEmptyTooLongOrNotOfIdsIsABadRequestAndNoneFoundIsNotFoundAndNothingIsPublished() throws Exception {
        String kept = create(editor, "{\"firstName\":\"Kept\"}");
        for (Object body : List.of("{}", "{\"contactIds\":[]}", "{\"contactIds\":[\"" + kept + "\",null]}", "{\"contactIds\":[\"ada\"]}",
                "{\"contactIds\":\"" + kept + "\"}", Map.of("contactIds", IntStream.range(0, 10_001).mapToObj(i -> UUID.randomUUID()).toList()))) {
            ExtractableResponse<Response> answer = erase(editor, body);
            assertThat(answer.statusCode()).as(String.valueOf(body).substring(0, Math.min(60, String.valueOf(body).length()))).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(erase(editor, Map.of("contactIds", List.of(UUID.randomUUID()))).statusCode()).isEqualTo(404);
        assertThat(erase(TestTokens.forTenant(tenant, "viewer"), Map.of("contactIds", List.of(kept))).statusCode()).isEqualTo(403);
        given().auth().oauth2(editor).when().get("/api/contacts/" + kept).then().statusCode(200);
        assertThat(erasures.poll(Duration.ofSeconds(2))).noneMatch(record -> tenant.toString().equals(
                new String(record.headers().lastHeader("ce_tenantid").value(), StandardCharsets.UTF_8)));
    }

    private List<ContactBatchErasureRequested> batchesOf(UUID bulk, int expected) throws Exception {
        List<ContactBatchErasureRequested> found = new ArrayList<>();
        Set<String> keys = new java.util.HashSet<>();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && found.size() < expected) {
            for (ConsumerRecord<String, byte[]> record : erasures.poll(Duration.ofMillis(200))) {
                if (!EventType.CONTACT_BATCH_ERASURE_REQUESTED.ceType().equals(
                        new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))) {
                    continue;
                }
                ContactBatchErasureRequested batch = JSON.readValue(record.value(), ContactBatchErasureRequested.class);
                if (batch.bulkErasureId().equals(bulk)) {
                    assertThat(record.key()).isEqualTo(batch.requestId().toString());
                    assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("example.com").doesNotContain("Ada");
                    assertThat(keys.add(record.key())).as("each batch published once").isTrue();
                    found.add(batch);
                }
            }
        }
        assertThat(found).as("batches of bulk erasure " + bulk).hasSize(expected);
        return found;
    }
}

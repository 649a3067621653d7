package dev.oubli.privacy.bulkerasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.ContactBatchErasureRequested;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.privacy.privacyrequest.TestOwner;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A bulk erasure is read from its batches' requests and certified once they are all settled (docs/adr/0062). */
@QuarkusTest
class BulkErasureTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();
    final UUID bulk = UUID.randomUUID();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    String token(String role) {
        return TestTokens.forTenant(tenant, role);
    }

    ContactBatchErasureRequested batch(int number, int contacts) {
        return new ContactBatchErasureRequested(UUID.randomUUID(), bulk, number, 2,
                new SubjectRef(java.util.stream.Stream.generate(UUID::randomUUID).limit(contacts).toList(), List.of(), List.of()),
                "editor-7", Instant.now());
    }

    void publish(ContactBatchErasureRequested event) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.CONTACTS_ERASURE_REQUESTS,
                event.requestId().toString(), UUID.randomUUID(), EventType.CONTACT_BATCH_ERASURE_REQUESTED.ceType(),
                "contacts-service", tenant, JSON.writeValueAsBytes(event)));
    }

    ExtractableResponse<Response> get(String path, String token) {
        return given().auth().oauth2(token).when().get(path).then().extract();
    }

    @Test
    void eachBatchIsOneAuditedErasureAndTheBulkSumsTheirReceiptsThenSignsOneCertificateKeptAsFirstSigned() throws Exception {
        ContactBatchErasureRequested first = batch(1, 2);
        ContactBatchErasureRequested second = batch(2, 1);
        String path = "/api/bulk-erasures/" + bulk;
        assertThat(get(path, token("privacy-officer")).statusCode()).as("before its first batch").isEqualTo(404);
        try (TestOwner owner = new TestOwner(bootstrapServers, tenant)) {
            publish(first);
            assertThat(owner.await(first.requestId(), 1).subject()).isEqualTo(first.subject());
            JsonPath receiving = get(path, token("contacts-editor")).jsonPath();
            assertThat(receiving.getString("status")).isEqualTo("RECEIVING");
            assertThat(receiving.getInt("batches")).isEqualTo(2);
            assertThat(receiving.getLong("contacts")).isEqualTo(2);
            assertThat(receiving.getString("certificate")).isNull();
            ExtractableResponse<Response> early = get(path + "/certificate", token("privacy-officer"));
            assertThat(early.statusCode()).isEqualTo(409);
            assertThat(early.contentType()).startsWith("application/problem+json");

            publish(second);
            owner.await(second.requestId(), 1);
            assertThat(get(path, token("viewer")).jsonPath().getString("status")).isEqualTo("IN_PROGRESS");
            owner.complete(first.requestId(), "test-owner-a", RequestType.ERASURE, Map.of("erased", 2L));
            owner.complete(first.requestId(), "test-owner-b", RequestType.ERASURE, Map.of("notes-erased", 5L));
            owner.complete(second.requestId(), "test-owner-a", RequestType.ERASURE, Map.of("erased", 1L));
            owner.complete(second.requestId(), "test-owner-b", RequestType.ERASURE, Map.of("notes-erased", 0L));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(get(path, token("privacy-officer")).path("status")));

        JsonPath done = get(path, token("privacy-officer")).jsonPath();
        assertThat(done.getLong("contacts")).isEqualTo(3);
        assertThat(done.getLong("owners.test-owner-a.erased")).isEqualTo(3);
        assertThat(done.getLong("owners.test-owner-b.notes-erased")).isEqualTo(5);
        assertThat(done.getList("requests.requestId")).containsExactlyInAnyOrder(first.requestId().toString(), second.requestId().toString());
        assertThat(done.getString("settledAt")).isNotNull();
        assertThat(done.getString("certificate")).isEqualTo(path + "/certificate");
        assertThat(get("/api/privacy-requests/" + first.requestId(), token("privacy-officer")).<String>path("bulkErasureId"))
                .isEqualTo(bulk.toString());
        JsonPath received = given().auth().oauth2(token("privacy-officer")).queryParam("requestId", second.requestId())
                .queryParam("action", "REQUEST_RECEIVED").when().get("/api/audit-events").then().statusCode(200).extract().jsonPath();
        assertThat(received.getString("items[0].details.origin")).isEqualTo("bulk-erasure");
        assertThat(received.getString("items[0].details.bulkErasureId")).isEqualTo(bulk.toString());
        assertThat(received.getInt("items[0].details.batch")).isEqualTo(2);
        assertThat(received.getInt("items[0].details.contacts")).isEqualTo(1);

        ExtractableResponse<Response> certificate = get(path + "/certificate", token("contacts-editor"));
        assertThat(certificate.statusCode()).isEqualTo(200);
        String document = certificate.path("document");
        String signature = certificate.path("signature");
        JsonNode content = JSON.readTree(document);
        assertThat(content.get("type").asText()).isEqualTo("oubli-bulk-erasure-certificate-v1");
        assertThat(content.get("tenantId").asText()).isEqualTo(tenant.toString());
        assertThat(content.get("bulkErasureId").asText()).isEqualTo(bulk.toString());
        assertThat(content.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(content.get("contacts").asLong()).isEqualTo(3);
        assertThat(content.at("/owners/test-owner-a/erased").asLong()).isEqualTo(3);
        assertThat(content.get("requests")).hasSize(2);
        content.get("requests").forEach(request -> assertThat(request.get("erasureCertificateSha256").asText())
                .as("each batch's own erasure certificate, by its digest").matches("[0-9a-f]{64}"));
        assertThat(given().contentType("application/json").body(Map.of("document", document, "signature", signature))
                .when().post("/public/erasure-certificates/verification").then().statusCode(200).extract().<Boolean>path("valid")).isTrue();
        assertThat(given().contentType("application/json").body(Map.of("document", document.replace("\"contacts\":3", "\"contacts\":4"),
                        "signature", signature))
                .when().post("/public/erasure-certificates/verification").then().statusCode(200).extract().<Boolean>path("valid")).isFalse();
        Thread.sleep(5);
        assertThat(get(path + "/certificate", token("privacy-officer")).<String>path("document")).as("kept as first signed")
                .isEqualTo(document);

        String stranger = TestTokens.forTenant(UUID.randomUUID(), "privacy-officer");
        assertThat(get(path, stranger).statusCode()).isEqualTo(404);
        assertThat(get(path + "/certificate", stranger).statusCode()).isEqualTo(404);
        assertThat(get("/api/bulk-erasures/not-an-id", token("privacy-officer")).statusCode()).isIn(400, 404);
    }
}

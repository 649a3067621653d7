package dev.oubli.privacy.privacyrequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.RequestType;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A failed owner task can be retried by an officer, audited, and a PARTIALLY_COMPLETED erasure is certified with what
 * each owner did and what failed (docs/adr/0041).
 */
@QuarkusTest
class TaskRetryTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final UUID tenant = UUID.randomUUID();
    final String officer = TestTokens.forTenant(tenant, "privacy-officer");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aPartiallyCompletedErasureIsCertifiedPerOwnerAndItsFailedTaskRetriedUntilCompleted() throws Exception {
        UUID contact = UUID.randomUUID();
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            UUID id = UUID.fromString(given().auth().oauth2(officer).contentType(ContentType.JSON)
                    .body("{\"type\":\"ERASURE\",\"subject\":{\"contactIds\":[\"" + contact + "\"]}}")
                    .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id"));
            owners.await(id, 1);
            owners.complete(id, "test-owner-a", RequestType.ERASURE, Map.of("erased", 2L));
            owners.fail(id, "test-owner-b", RequestType.ERASURE, TaskFailureReason.OWNER_ERROR);
            await().atMost(RequestEngineTest.RECEIPTS).untilAsserted(() -> show(id).body("status", equalTo("PARTIALLY_COMPLETED")));

            // What was done and what failed, signed and verifiable on the public endpoint.
            JsonNode partial = certificate(id);
            JsonNode facts = partial.path("facts");
            assertThat(facts.path("outcome").asText()).isEqualTo("PARTIALLY_COMPLETED");
            assertThat(owner(facts, "test-owner-a").path("status").asText()).isEqualTo("COMPLETED");
            assertThat(owner(facts, "test-owner-a").path("counts").path("erased").asLong()).isEqualTo(2);
            assertThat(owner(facts, "test-owner-b").path("status").asText()).isEqualTo("FAILED");
            assertThat(owner(facts, "test-owner-b").path("failureReason").asText()).isEqualTo("OWNER_ERROR");

            // Only an officer, only a failed task of this tenant's request.
            retry(TestTokens.forTenant(tenant, "viewer"), id, "test-owner-b").statusCode(403);
            retry(officer, id, "test-owner-a").statusCode(409).contentType("application/problem+json");
            retry(officer, id, "no-such-owner").statusCode(404).contentType("application/problem+json");
            retry(TestTokens.forTenant(UUID.randomUUID(), "privacy-officer"), id, "test-owner-b").statusCode(404);

            retry(officer, id, "test-owner-b").statusCode(202)
                    .body("status", equalTo("IN_PROGRESS"))
                    .body("tasks.find { it.owner == 'test-owner-b' }.status", equalTo("PENDING"))
                    .body("tasks.find { it.owner == 'test-owner-a' }.status", equalTo("COMPLETED"));
            assertThat(owners.await(id, 2).requestType()).isEqualTo(RequestType.ERASURE);
            given().auth().oauth2(officer).queryParam("requestId", id).when().get("/api/audit-events").then().statusCode(200)
                    .body("items.action", hasItem("TASK_RETRIED"));
            // A second retry while it is pending: nothing failed to retry.
            retry(officer, id, "test-owner-b").statusCode(409);

            owners.complete(id, "test-owner-b", RequestType.ERASURE, Map.of("erased", 1L));
            await().atMost(RequestEngineTest.RECEIPTS).untilAsserted(() -> show(id).body("status", equalTo("COMPLETED")));
            JsonNode complete = certificate(id).path("facts");
            assertThat(complete.path("outcome").asText()).isEqualTo("COMPLETED");
            assertThat(owner(complete, "test-owner-b").path("counts").path("erased").asLong()).isEqualTo(1);
        }
    }

    @Test
    void anExportsFailedTaskIsNotRetriedInPlace() throws Exception {
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            UUID id = UUID.fromString(given().auth().oauth2(officer).contentType(ContentType.JSON)
                    .body("{\"type\":\"ACCESS\",\"subject\":{\"contactIds\":[\"" + UUID.randomUUID() + "\"]}}")
                    .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id"));
            owners.await(id, 1);
            owners.fail(id, "test-owner-a", RequestType.ACCESS, TaskFailureReason.OWNER_ERROR);
            owners.fail(id, "test-owner-b", RequestType.ACCESS, TaskFailureReason.OWNER_ERROR);
            await().atMost(RequestEngineTest.RECEIPTS).untilAsserted(() -> show(id).body("status", equalTo("FAILED")));
            retry(officer, id, "test-owner-a").statusCode(409).body("type", equalTo("https://oubli.dev/problems/retry-refused"));
        }
    }

    private ValidatableResponse show(UUID id) {
        return given().auth().oauth2(officer).when().get("/api/privacy-requests/" + id).then().statusCode(200);
    }

    private static ValidatableResponse retry(String token, UUID id, String owner) {
        return given().auth().oauth2(token).when().post("/api/privacy-requests/" + id + "/tasks/" + owner + "/retry").then();
    }

    /** The certificate's document, after checking its signature on the public endpoint. */
    private JsonNode certificate(UUID id) throws Exception {
        Map<String, String> certificate = given().auth().oauth2(officer).when().get("/api/privacy-requests/" + id + "/certificate")
                .then().statusCode(200).extract().as(Map.class);
        ErasureCertificateTest.verification(certificate.get("document"), certificate.get("signature")).body("valid", equalTo(true));
        return JSON.readTree(certificate.get("document"));
    }

    private static JsonNode owner(JsonNode facts, String owner) {
        for (JsonNode receipt : facts.path("owners")) {
            if (receipt.path("owner").asText().equals(owner)) {
                return receipt;
            }
        }
        throw new AssertionError("no owner " + owner + " in " + facts);
    }
}

package dev.oubli.privacy.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.TenantPurgeRequested;
import dev.oubli.events.TenantPurged;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * A terminated tenant's purge as privacy-service runs it (docs/adr/0051): started past the grace period, certified once
 * every owner answered, with privacy-service's own rows deleted, and a certificate anyone can verify. The owners are
 * played by the test on the real Kafka.
 */
@QuarkusTest
class TenantPurgeTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID purged = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    @Inject
    TenantPurgeSweep sweep;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aTenantPastItsGraceIsPurgedEverywhereAndCertifiedWhileAnotherTenantKeepsEverything() throws Throwable {
        TestTenants.register(purged);
        TestTenants.register(other);
        String purgedRequest = objection(purged);
        String othersRequest = objection(other);
        TenantTerminationTest.terminate(TestTokens.withoutTenant("platform-admin"), purged, "{\"gracePeriodDays\": 0}").statusCode(200);
        TenantTerminationTest.terminate(TestTokens.withoutTenant("platform-admin"), other, "{\"gracePeriodDays\": 30}").statusCode(200);

        try (KafkaConsumer<String, byte[]> purges = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_TENANT_PURGES)) {
            sweep();
            TenantPurgeRequested request = JSON.readValue(recordsOf(purges, purged, 1).get(0).value(), TenantPurgeRequested.class);
            assertThat(request.attempt()).isEqualTo(1);
            assertThat(request.certified()).isFalse();
            // The other tenant is within its grace period: not purged.
            assertThat(recordsOf(purges, other, 0)).isEmpty();

            // Not certified until every owner answered.
            answer("contacts", new TenantPurged("contacts-service", Map.of("contact", 3L, "contact_consent", 2L), Instant.now()));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
            sweep();
            certificate(purged).statusCode(404);

            // A redelivered purge answers with zero counts: the first answer stands.
            answer("contacts", new TenantPurged("contacts-service", Map.of("contact", 0L, "contact_consent", 0L), Instant.now()));
            answer("knowledge", new TenantPurged("knowledge-service", Map.of("note", 5L), Instant.now()));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                sweep();
                certificate(purged).statusCode(200);
            });
            TenantPurgeRequested last = JSON.readValue(recordsOf(purges, purged, 1).get(0).value(), TenantPurgeRequested.class);
            assertThat(last.certified()).isTrue();
        }

        TenantPurgeCertificate certificate = certificate(purged).extract().as(TenantPurgeCertificate.class);
        JsonNode document = JSON.readTree(certificate.document());
        assertThat(document.path("type").asText()).isEqualTo("oubli-tenant-purge-certificate-v1");
        assertThat(document.path("tenantId").asText()).isEqualTo(purged.toString());
        assertThat(document.path("owners").path("contacts-service").path("contact").asLong()).isEqualTo(3);
        assertThat(document.path("owners").path("knowledge-service").path("note").asLong()).isEqualTo(5);
        JsonNode own = document.path("owners").path("privacy-service");
        assertThat(own.path("privacy_request").asLong()).isEqualTo(1);
        assertThat(own.path("audit_event").asLong()).isPositive();
        assertThat(own.path("outbox_event").asLong()).isPositive();
        assertThat(document.path("purgedAt").isTextual()).isTrue();
        given().contentType(ContentType.JSON).body(certificate).when().post("/public/erasure-certificates/verification")
                .then().statusCode(200).body("valid", equalTo(true));
        given().contentType(ContentType.JSON).body(new TenantPurgeCertificate(certificate.document().replace("\"contact\":3", "\"contact\":2"),
                        certificate.signature()))
                .when().post("/public/erasure-certificates/verification").then().statusCode(200).body("valid", equalTo(false));

        // The purged tenant: its data is gone, its slug and name too, and its row can no longer change.
        officer(purged).when().get("/api/privacy-requests/" + purgedRequest).then().statusCode(404);
        officer(purged).when().get("/api/audit-events").then().statusCode(200).body("items.size()", equalTo(0));
        given().when().get("/public/tenants/" + purged).then().statusCode(404);
        given().auth().oauth2(TestTokens.withoutTenant("platform-admin")).contentType(ContentType.JSON)
                .body("{\"slug\":\"t-" + purged + "\",\"displayName\":\"Back\"}")
                .when().put("/api/tenants/" + purged).then().statusCode(409).body("type", endsWith("/tenant-purged"));
        // The slug is free again: the registry no longer holds it.
        given().auth().oauth2(TestTokens.withoutTenant("platform-admin")).contentType(ContentType.JSON)
                .body("{\"slug\":\"t-" + purged + "\",\"displayName\":\"Next\"}")
                .when().put("/api/tenants/" + UUID.randomUUID()).then().statusCode(200);

        // The other tenant keeps all of its own.
        officer(other).when().get("/api/privacy-requests/" + othersRequest).then().statusCode(200);
        officer(other).when().get("/api/audit-events").then().statusCode(200).body("items.size()", org.hamcrest.Matchers.greaterThan(0));
        certificate(other).statusCode(404);
    }

    /** The last owner's answer moves the purge on at once: certified without waiting for the next sweep. */
    @Test
    void theLastAnswerCertifiesThePurgeWithoutWaitingForTheSweep() throws Throwable {
        TestTenants.register(purged);
        TenantTerminationTest.terminate(TestTokens.withoutTenant("platform-admin"), purged, "{\"gracePeriodDays\": 0}").statusCode(200);
        sweep(); // started: the owners are asked
        answer("contacts", new TenantPurged("contacts-service", Map.of("contact", 1L), Instant.now()));
        answer("knowledge", new TenantPurged("knowledge-service", Map.of("note", 1L), Instant.now()));

        // No sweep from here on (none is scheduled in tests).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> certificate(purged).statusCode(200));
    }

    /**
     * Item 3 of issue 22 (docs/adr/0058): the purge withdraws the tenant's erasures from the ledger, else an owner's
     * start-up pass would apply them again and record an outcome row naming the purged tenant.
     */
    @Test
    void thePurgeWithdrawsTheTenantsErasuresFromTheLedgerOfErasures() throws Throwable {
        TestTenants.register(purged);
        try (KafkaConsumer<String, byte[]> ledger = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_ERASURE_LEDGER)) {
            String erasure = officer(purged).contentType(ContentType.JSON)
                    .body("{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"ada-" + purged + "@example.com\"]}}")
                    .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id");
            assertThat(ledgerRecord(ledger, erasure).value()).as("the erasure in the ledger").isNotNull();

            TenantTerminationTest.terminate(TestTokens.withoutTenant("platform-admin"), purged, "{\"gracePeriodDays\": 0}").statusCode(200);
            sweep();
            assertThat(ledgerRecord(ledger, erasure).value()).as("a tombstone withdrawing it").isNull();
        }
    }

    @Test
    void onlyPlatformAutomationReadsAPurgeCertificate() {
        given().auth().oauth2(TestTokens.forTenant(purged, "platform-admin")).when().get("/api/tenants/" + purged + "/purge-certificate")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(purged, "privacy-officer")).when().get("/api/tenants/" + purged + "/purge-certificate")
                .then().statusCode(403);
        certificate(purged).statusCode(404).contentType("application/problem+json");
    }

    private void sweep() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> sweep.sweep(Instant.now()));
    }

    private static io.restassured.specification.RequestSpecification officer(UUID tenant) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer"));
    }

    private static String objection(UUID tenant) {
        return officer(tenant).contentType(ContentType.JSON)
                .body("{\"type\":\"OBJECTION\",\"subject\":{\"emails\":[\"ada-" + tenant + "@example.com\"]}}")
                .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id");
    }

    private static io.restassured.response.ValidatableResponse certificate(UUID tenant) {
        return given().auth().oauth2(TestTokens.withoutTenant("platform-admin"))
                .when().get("/api/tenants/" + tenant + "/purge-certificate").then();
    }

    private void answer(String producer, TenantPurged answer) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_TASK_RESULTS, Topics.tenantKey(purged),
                UUID.randomUUID(), EventType.TENANT_PURGED.ceType(producer), answer.owner(), purged, JSON.writeValueAsBytes(answer)));
    }

    /** The next record of the ledger under the request's key (60 s at most). */
    private static ConsumerRecord<String, byte[]> ledgerRecord(KafkaConsumer<String, byte[]> ledger, String request) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : ledger.poll(Duration.ofMillis(200))) {
                if (request.equals(record.key())) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record of " + request + " in the ledger of erasures");
    }

    /** The tenant's records published from now on; waits for {@code expected} of them, or a few seconds for 0. */
    private static List<ConsumerRecord<String, byte[]>> recordsOf(KafkaConsumer<String, byte[]> consumer, UUID tenant, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(expected == 0 ? Duration.ofSeconds(3) : Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && (expected == 0 || found.size() < expected)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (tenant.toString().equals(record.key())) {
                    found.add(record);
                }
            }
        }
        assertThat(found).as("records of tenant " + tenant).hasSize(expected);
        return found;
    }
}

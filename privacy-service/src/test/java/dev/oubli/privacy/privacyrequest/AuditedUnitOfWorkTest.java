package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The hot units of work of the request engine (a submission, a receipt) write their audit entries together at their end
 * (docs/adr/0040): the same chain, entry for entry, with one signed anchor per transaction instead of one per entry,
 * and the tenant's chain locked only for that last step.
 */
@QuarkusTest
class AuditedUnitOfWorkTest {

    static final String ANCHORS = "privacy.audit-anchors.v1";

    final UUID tenant = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aSubmissionWritesItsThreeEntriesInOrderAndAnchorsOnlyTheLastOne() throws SQLException {
        String id = given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType(ContentType.JSON)
                .body("{\"type\":\"OBJECTION\",\"subject\":{\"contactIds\":[\"" + UUID.randomUUID() + "\"]}}")
                .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id");

        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events").then().statusCode(200)
                .body("items.action", equalTo(List.of("REQUEST_RECEIVED", "STATUS_CHANGED", "REQUEST_PUBLISHED")))
                .body("items.seq", equalTo(List.of(1, 2, 3)))
                .body("items.requestId", equalTo(List.of(id, id, id)));
        assertThat(anchoredSeqs()).containsExactly(3L);
    }

    @Test
    void anErasureIsAuditedEntryByEntryWithOneAnchorPerTransactionAndItsCertificateOnTheHeadBeforeIt() throws Exception {
        UUID id;
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            id = UUID.fromString(given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType(ContentType.JSON)
                    .body("{\"type\":\"ERASURE\",\"subject\":{\"contactIds\":[\"" + UUID.randomUUID() + "\"]}}")
                    .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id"));
            owners.await(id, 1);
            owners.complete(id, "test-owner-a", RequestType.ERASURE, Map.of("erased", 1L));
            await().atMost(RequestEngineTest.RECEIPTS).untilAsserted(() -> given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                    .when().get("/api/privacy-requests/" + id).then().body("tasks[0].status", equalTo("COMPLETED")));
            owners.complete(id, "test-owner-b", RequestType.ERASURE, Map.of("erased", 2L));
        }
        await().atMost(RequestEngineTest.RECEIPTS).untilAsserted(() -> given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .when().get("/api/privacy-requests/" + id + "/certificate").then().statusCode(200));

        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events").then().statusCode(200)
                .body("items.action", equalTo(List.of("REQUEST_RECEIVED", "STATUS_CHANGED", "REQUEST_PUBLISHED",
                        "RECEIPT_RECORDED", "RECEIPT_RECORDED", "STATUS_CHANGED", "CERTIFICATE_ISSUED")))
                .body("items.seq", equalTo(List.of(1, 2, 3, 4, 5, 6, 7)))
                .body("items[5].details.to", equalTo("COMPLETED"));
        String document = given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .when().get("/api/privacy-requests/" + id + "/certificate").then().statusCode(200).extract().path("document");
        // The head as it stood when the certificate was signed: the completion, just before the certificate's own entry.
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(document).path("auditHead").path("seq").asLong()).isEqualTo(6);
        // Submission, first receipt, last receipt: one anchor each, of the transaction's newest entry.
        assertThat(anchoredSeqs()).containsExactly(3L, 4L, 7L);
        await().atMost(RequestEngineTest.RECEIPTS).untilAsserted(() -> given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer"))
                .when().get("/api/audit-events/verification").then().statusCode(200)
                .body("intact", equalTo(true)).body("entries", equalTo(7)).body("anchor.seq", equalTo(7)));
    }

    List<Long> anchoredSeqs() throws SQLException {
        return anchoredSeqs(owner, tenant);
    }

    /** The seq of every anchor the tenant's transactions appended to the outbox, oldest first (as the owner role). */
    static List<Long> anchoredSeqs(AgroalDataSource owner, UUID tenant) throws SQLException {
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            List<Long> seqs = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("""
                    select (convert_from(payload, 'UTF8')::jsonb ->> 'seq')::bigint from outbox_event
                    where tenant_id = ? and topic = ? order by id""")) {
                query.setObject(1, tenant);
                query.setString(2, ANCHORS);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        seqs.add(rows.getLong(1));
                    }
                }
            }
            c.commit();
            return seqs;
        }
    }
}

package dev.oubli.privacy.audit;

import dev.oubli.events.AuditAnchored;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.tenancy.AppRole;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The audit log: hash-chained per tenant, append-only for the service, any single tampered row named, and its head
 * anchored outside the database, so that the database owner cannot cut or recompute the chain unseen (docs/adr/0026).
 */
@QuarkusTest
class AuditLogTest {

    static final String EMAIL = "grace.hopper@navy.example";
    /** The outbox relay publishes each anchor within a second or so; Kafka is read back at each verification. */
    static final Duration ANCHORED = Duration.ofSeconds(30);

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AuditService audit;

    @Inject
    TenantTransactions transactions;

    /** A tenant with one request cancelled: five entries (received, in progress, published, cancelled...). */
    UUID tenantWithAHistory() {
        UUID tenant = UUID.randomUUID();
        String id = given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType(ContentType.JSON)
                .body("{\"type\":\"OBJECTION\",\"subject\":{\"emails\":[\"" + EMAIL + "\"]}}")
                .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id");
        given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType(ContentType.JSON)
                .body("{\"reason\":\"WITHDRAWN\"}").when().post("/api/privacy-requests/" + id + "/cancellation").then().statusCode(200);
        return tenant;
    }

    @Test
    void chainsEveryEntryToThePreviousOneAndHoldsNoPersonalData() {
        UUID tenant = tenantWithAHistory();

        String body = given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events")
                .then().statusCode(200)
                .body("items.action", equalTo(List.of("REQUEST_RECEIVED", "STATUS_CHANGED", "REQUEST_PUBLISHED", "STATUS_CHANGED")))
                .body("items.seq", equalTo(List.of(1, 2, 3, 4)))
                .body("items[0].previousHash", equalTo("0".repeat(64)))
                .body("items[3].details.to", equalTo("CANCELLED"))
                .body("items[3].details.reason", equalTo("WITHDRAWN"))
                .extract().asString();
        List<String> hashes = given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events")
                .then().extract().path("items.hash");
        List<String> previous = given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events")
                .then().extract().path("items.previousHash");
        assertThat(previous.subList(1, 4)).isEqualTo(hashes.subList(0, 3));
        assertThat(body.toLowerCase()).doesNotContain("grace", "navy");

        await().atMost(ANCHORED).untilAsserted(() -> verification(tenant)
                .then().statusCode(200).body("intact", equalTo(true)).body("entries", equalTo(4)).body("firstBroken", nullValue())
                .body("anchor.seq", equalTo(4)).body("anchor.hash", equalTo(hashes.get(3))));
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events?action=STATUS_CHANGED&after=2&limit=1")
                .then().statusCode(200).body("items.seq", equalTo(List.of(4))).body("next", nullValue());
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer")).when().get("/api/audit-events")
                .then().statusCode(200).body("items", equalTo(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "update audit_event set details = replace(details, 'WITHDRAWN', 'EXCESSIVE') where tenant_id = ? and seq = 4",
            "update audit_event set action = 'IDENTITY_VERIFIED' where tenant_id = ? and seq = 2",
            "update audit_event set occurred_at = occurred_at - interval '1 day' where tenant_id = ? and seq = 3",
            "update audit_event set request_id = gen_random_uuid() where tenant_id = ? and seq = 1",
            "update audit_event set id = gen_random_uuid() where tenant_id = ? and seq = 2",
            "update audit_event set hash = md5(hash) || md5(hash) where tenant_id = ? and seq = 3",
            "update audit_event set previous_hash = repeat('0', 64) where tenant_id = ? and seq = 2",
            "delete from audit_event where tenant_id = ? and seq = 2"})
    void namesTheFirstEntryThatATamperedRowBreaks(String tampering) throws SQLException {
        UUID tenant = tenantWithAHistory();
        int tamperedSeq = Integer.parseInt(tampering.substring(tampering.lastIndexOf('=') + 1).strip());

        TenantSql.execute(owner, tenant, tampering, tenant);

        verification(tenant)
                .then().statusCode(200)
                .body("intact", equalTo(false))
                // A changed hash is seen where the next entry no longer chains to it; a deleted entry where the gap is.
                // A deleted entry is seen where the gap is.
                .body("firstBroken.seq", equalTo(tampering.startsWith("delete") ? tamperedSeq + 1 : tamperedSeq))
                .body("firstBroken.problem", equalTo(tampering.startsWith("delete") ? "SEQUENCE_GAP"
                        : tampering.contains("previous_hash") ? "CHAIN_MISMATCH" : "HASH_MISMATCH"));
    }

    @Test
    void theServiceRoleCanNeitherChangeNorRemoveAnEntry() throws SQLException {
        UUID tenant = tenantWithAHistory();
        for (String sql : List.of("update audit_event set action = 'X' where seq = 1", "delete from audit_event where seq = 1")) {
            try (Connection app = AppRole.connect()) {
                app.setAutoCommit(false);
                try (PreparedStatement set = app.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                    set.setString(1, tenant.toString());
                    set.execute();
                }
                assertThatThrownBy(() -> app.prepareStatement(sql).executeUpdate()).isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
                app.rollback();
            }
        }
        verification(tenant)
                .then().body("intact", equalTo(true)).body("entries", greaterThanOrEqualTo(4));
    }

    @Test
    void reportsTamperingWhenTheOwnerDeletesTheNewestEntries() throws SQLException {
        UUID tenant = anchoredTenantWithAHistory();

        TenantSql.execute(owner, tenant, "delete from audit_event where tenant_id = ? and seq >= 3", tenant);

        verification(tenant).then().statusCode(200)
                .body("intact", equalTo(false))
                .body("entries", equalTo(2))
                .body("firstBroken.seq", equalTo(4))
                .body("firstBroken.id", nullValue())
                .body("firstBroken.problem", equalTo("TRUNCATED"));
    }

    @Test
    void reportsTamperingWhenTheOwnerRecomputesTheChain() throws SQLException {
        UUID tenant = anchoredTenantWithAHistory();

        rewriteWithARecomputedChain(tenant, 2, "{\"to\":\"REJECTED\"}");

        verification(tenant).then().statusCode(200)
                .body("intact", equalTo(false))
                .body("firstBroken.seq", equalTo(4))
                .body("firstBroken.problem", equalTo("ANCHOR_MISMATCH"));
    }

    @Test
    void reportsAnAnchorTheServiceDidNotSignAsForgedAndNeverComparesTheChainWithIt() throws Exception {
        UUID tenant = anchoredTenantWithAHistory();
        String head = given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events?after=3")
                .then().extract().path("items[0].hash");
        // What the database owner could have the relay publish by writing an outbox row: an anchor it cannot sign.
        byte[] forged = EventJson.newObjectMapper().writeValueAsBytes(new AuditAnchored(tenant, 5, "ab".repeat(32), Instant.now(), "Zm9yZ2Vk"));
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_AUDIT_ANCHORS, Topics.auditAnchorKey(tenant),
                UUID.randomUUID(), EventType.AUDIT_ANCHORED.ceType(), "privacy-service", tenant, forged));

        verification(tenant).then().statusCode(200)
                .body("intact", equalTo(false))
                .body("entries", equalTo(4))
                .body("anchor.seq", equalTo(4))
                .body("anchor.hash", equalTo(head))
                .body("firstBroken.problem", equalTo("ANCHOR_FORGED"));
    }

    @Test
    void aNormalChainOfSeveralPagesVerifiesAgainstItsAnchor() throws Throwable {
        UUID tenant = UUID.randomUUID();
        long entries = AuditService.VERIFICATION_PAGE * 2L + 1;
        VertxContextSupport.subscribeAndAwait(() -> transactions.inTransaction(new TenantId(tenant), () -> {
            Uni<Void> recorded = Uni.createFrom().voidItem();
            for (long i = 0; i < entries; i++) {
                recorded = recorded.chain(() -> audit.record(new TenantId(tenant), AuditAction.RECEIPT_RECORDED, UUID.randomUUID(), Map.of("n", 1)));
            }
            return recorded;
        }));

        await().atMost(ANCHORED).untilAsserted(() -> verification(tenant).then().statusCode(200)
                .body("intact", equalTo(true))
                .body("entries", equalTo((int) entries))
                .body("anchor.seq", equalTo((int) entries)));
    }

    @Test
    void onlyAPrivacyOfficerMayRunTheVerification() {
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer")).when().get("/api/audit-events/verification")
                .then().statusCode(403);
    }

    static Response verification(UUID tenant) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).when().get("/api/audit-events/verification");
    }

    /** A tenant with a history whose newest entry (4) is anchored outside the database. */
    UUID anchoredTenantWithAHistory() {
        UUID tenant = tenantWithAHistory();
        await().atMost(ANCHORED).untilAsserted(() -> verification(tenant).then().body("anchor.seq", equalTo(4)));
        return tenant;
    }

    /** What the database owner can do: change an entry's details, then recompute its hash and every later one. */
    void rewriteWithARecomputedChain(UUID tenant, long from, String details) throws SQLException {
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("""
                    select seq, id, occurred_at, action, request_id, details, previous_hash from audit_event where seq >= ? order by seq""")) {
                query.setLong(1, from);
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        rows.add(new Object[] {result.getLong(1), result.getObject(2, UUID.class),
                                result.getObject(3, OffsetDateTime.class).toInstant(), result.getString(4),
                                result.getObject(5, UUID.class), result.getString(6), result.getString(7)});
                    }
                }
            }
            String previous = (String) rows.get(0)[6];
            for (Object[] row : rows) {
                String newDetails = (Long) row[0] == from ? details : (String) row[5];
                String hash = AuditChain.hash(previous, tenant, (Long) row[0], (UUID) row[1], (Instant) row[2], (String) row[3],
                        (UUID) row[4], newDetails);
                try (PreparedStatement update = c.prepareStatement("update audit_event set details = ?, previous_hash = ?, hash = ? where seq = ?")) {
                    update.setString(1, newDetails);
                    update.setString(2, previous);
                    update.setString(3, hash);
                    update.setLong(4, (Long) row[0]);
                    update.executeUpdate();
                }
                previous = hash;
            }
            c.commit();
        }
        // The chain holds together again: only the anchor can tell.
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events").then()
                .body("items[1].details.to", equalTo("REJECTED"));
    }
}

package dev.oubli.knowledge.retention;

import dev.oubli.events.RetentionPolicySet;
import dev.oubli.knowledge.AdjustableClock;
import dev.oubli.knowledge.OnVertxContext;
import dev.oubli.tenancy.AppRole;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
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
import static org.hamcrest.Matchers.nullValue;

/** Retention limits and purges, with the service's clock fixed at NOW. Batches hold 2 rows in tests. */
@QuarkusTest
class RetentionTest {

    static final Instant NOW = Instant.parse("2031-06-15T12:00:00Z");

    final UUID tenant = UUID.randomUUID();
    final UUID otherTenant = UUID.randomUUID();

    @Inject
    AdjustableClock clock;

    @Inject
    RetentionPurge purge;

    @Inject
    Vertx vertx;

    @Inject
    RetentionPolicyListener listener;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @AfterEach
    void systemTime() {
        clock.useSystemTime();
    }

    @Test
    void theScheduledPurgeRemovesExactlyWhatIsOlderThanEachLimit() throws Exception {
        policy(tenant, 1, Map.of("CONVERSATIONS", 30, "NOTES", 7, "DOCUMENTS", 3650));
        given().auth().oauth2(editor()).when().get("/api/retention").then().statusCode(200)
                .body("conversations", equalTo(30)).body("notes", equalTo(7)).body("documents", equalTo(3650));

        Duration second = Duration.ofSeconds(1);
        Duration micro = Duration.ofNanos(1000);
        List<UUID> expiredNotes = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // more than two batches
            expiredNotes.add(note(tenant, NOW.minus(Duration.ofDays(7)).minus(micro).minus(Duration.ofHours(i))));
        }
        UUID noteAtTheLimit = note(tenant, NOW.minus(Duration.ofDays(7)));
        UUID recentNote = note(tenant, NOW.minus(Duration.ofDays(6)));
        UUID expiredConversation = conversation(tenant, NOW.minus(Duration.ofDays(30)).minus(second));
        UUID keptConversation = conversation(tenant, NOW.minus(Duration.ofDays(30)).plus(second));
        UUID oldDocument = document(tenant, NOW.minus(Duration.ofDays(3000)));
        UUID otherTenantsOldNote = note(otherTenant, NOW.minus(Duration.ofDays(3000)));
        index(tenant, "NOTE", expiredNotes.get(0));
        index(tenant, "NOTE", recentNote);

        clock.fixAt(NOW);
        Map<UUID, Map<RetentionCategory, Long>> removed = OnVertxContext.await(vertx, purge::purgeExpired);

        assertThat(removed.get(tenant)).containsEntry(RetentionCategory.NOTES, 5L).containsEntry(RetentionCategory.CONVERSATIONS, 1L)
                .containsEntry(RetentionCategory.DOCUMENTS, 0L);
        assertThat(removed).doesNotContainKey(otherTenant);
        assertThat(ids(tenant, "note")).containsExactlyInAnyOrder(noteAtTheLimit, recentNote);
        assertThat(ids(tenant, "conversation")).containsExactly(keptConversation);
        assertThat(count(tenant, "select count(*) from conversation_message where conversation_id = '" + expiredConversation + "'")).isZero();
        assertThat(count(tenant, "select count(*) from conversation_participant where conversation_id = '" + expiredConversation + "'")).isZero();
        assertThat(count(tenant, "select count(*) from conversation_message where conversation_id = '" + keptConversation + "'")).isOne();
        assertThat(ids(tenant, "document")).containsExactly(oldDocument);
        assertThat(ids(otherTenant, "note")).containsExactly(otherTenantsOldNote);
        assertThat(count(tenant, "select count(*) from subject_index where item_id = '" + expiredNotes.get(0) + "'")).isZero();
        assertThat(count(tenant, "select count(*) from subject_index where item_id = '" + recentNote + "'")).isOne();

        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/retention/purges").then().statusCode(200)
                .body("findAll { it.category == 'NOTES' }.deleted", contains(5))
                .body("trigger", hasItem("SCHEDULED"));

        // a second run finds nothing more
        Map<UUID, Map<RetentionCategory, Long>> again = OnVertxContext.await(vertx, purge::purgeExpired);
        assertThat(again.get(tenant)).containsEntry(RetentionCategory.NOTES, 0L).containsEntry(RetentionCategory.CONVERSATIONS, 0L);
    }

    @Test
    void aTenantWhosePurgeFailsStopsNoneOfTheTenantsAfterIt() throws Exception {
        // Tenants are purged in id order: the failing one goes first.
        UUID failing = tenant.toString().compareTo(otherTenant.toString()) < 0 ? tenant : otherTenant;
        UUID after = failing.equals(tenant) ? otherTenant : tenant;
        for (UUID each : List.of(failing, after)) {
            policy(each, 1, Map.of("NOTES", 7));
        }
        UUID failingNote = note(failing, NOW.minus(Duration.ofDays(8)));
        UUID expiredNote = note(after, NOW.minus(Duration.ofDays(8)));
        clock.fixAt(NOW);

        Map<UUID, Map<RetentionCategory, Long>> removed;
        try (Connection c = owner.getConnection(); Statement ddl = c.createStatement()) {
            ddl.execute("create or replace function test_refuse_delete() returns trigger language plpgsql as "
                    + "$$ begin raise exception 'refused by the test'; end $$");
            ddl.execute("create trigger test_refuse_delete before delete on note for each row when (old.tenant_id = '"
                    + failing + "') execute function test_refuse_delete()");
            try {
                removed = OnVertxContext.await(vertx, purge::purgeExpired);
            } finally {
                ddl.execute("drop trigger if exists test_refuse_delete on note");
                ddl.execute("drop function if exists test_refuse_delete()");
            }
        }

        assertThat(removed).doesNotContainKey(failing);
        assertThat(removed.get(after)).containsEntry(RetentionCategory.NOTES, 1L);
        assertThat(ids(failing, "note")).containsExactly(failingNote);
        assertThat(ids(after, "note")).doesNotContain(expiredNote);
    }

    @Test
    void aTenantPurgesHistoryOlderThanADateNow() throws Exception {
        Instant before = Instant.parse("2031-01-01T00:00:00Z");
        UUID older = conversation(tenant, before.minusSeconds(1));
        UUID newer = conversation(tenant, before);
        UUID olderNote = note(tenant, before.minusSeconds(60));
        UUID otherTenants = conversation(otherTenant, before.minusSeconds(1));
        clock.fixAt(NOW);

        given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"before\":\"2031-01-01T00:00:00Z\",\"categories\":[\"CONVERSATIONS\"]}")
                .when().post("/api/retention/purges").then().statusCode(200)
                .body("deleted.CONVERSATIONS", equalTo(1)).body("deleted.NOTES", nullValue());

        assertThat(ids(tenant, "conversation")).containsExactly(newer).doesNotContain(older);
        assertThat(ids(tenant, "note")).containsExactly(olderNote);
        assertThat(ids(otherTenant, "conversation")).containsExactly(otherTenants);
    }

    @Test
    void refusesAPurgeWhoseCategoriesHoldANullAsABadRequestNamingTheField() {
        given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"before\":\"2020-01-01T00:00:00Z\",\"categories\":[\"NOTES\",null]}")
                .when().post("/api/retention/purges").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("categories"));
    }

    @Test
    void refusesInvalidLimitsAndPurgesAndChecksRoles() {
        given().auth().oauth2(editor()).contentType("application/json").body("{\"notes\":30}")
                .when().put("/api/retention").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("/api/retention-policies"));
        given().auth().oauth2(editor()).contentType("application/json").body("{\"notes\":\"soon\"}")
                .when().put("/api/retention").then().statusCode(400);
        given().auth().oauth2(editor()).contentType("application/json").body("{}")
                .when().post("/api/retention/purges").then().statusCode(400);
        given().auth().oauth2(editor()).contentType("application/json").body("{\"before\":\"2999-01-01T00:00:00Z\"}")
                .when().post("/api/retention/purges").then().statusCode(400);
        given().auth().oauth2(editor()).contentType("application/json").body("{\"before\":\"-200000-01-01T00:00:00Z\"}")
                .when().post("/api/retention/purges").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).contentType("application/json")
                .body("{\"before\":\"2020-01-01T00:00:00Z\"}").when().post("/api/retention/purges").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).contentType("application/json").body("{\"notes\":3}")
                .when().put("/api/retention").then().statusCode(403);
        given().when().get("/api/retention").then().statusCode(401);
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer")).when().get("/api/retention").then().statusCode(200)
                .body("notes", nullValue());
    }

    @Test
    void followsOnlyANewerPolicyKeepsHeldItemsAndReportsEachRun() throws Exception {
        String heldContact = UUID.randomUUID().toString();
        policy(tenant, 2, Map.of("NOTES", 7));
        assertThat(OnVertxContext.await(vertx, () -> listener.apply(new TenantId(tenant),
                new RetentionPolicySet(1, Map.of("NOTES", 1), null, null, null, null, NOW)))).isFalse();
        assertThat(OnVertxContext.await(vertx, () -> listener.apply(new TenantId(tenant), new RetentionPolicySet(3, Map.of("NOTES", 7),
                List.of(UUID.fromString(heldContact)), null, null, null, NOW)))).isTrue();
        UUID held = note(tenant, NOW.minus(Duration.ofDays(8)));
        TenantSql.execute(owner, tenant, """
                insert into subject_index (tenant_id, item_type, item_id, identifier_kind, identifier, role)
                values (?, 'NOTE', ?, 'CONTACT', ?, 'ABOUT')""", tenant, held, heldContact);
        UUID expired = note(tenant, NOW.minus(Duration.ofDays(8)));
        clock.fixAt(NOW);

        Map<UUID, Map<RetentionCategory, Long>> removed = OnVertxContext.await(vertx, purge::purgeExpired);

        assertThat(removed.get(tenant)).containsEntry(RetentionCategory.NOTES, 1L);
        assertThat(ids(tenant, "note")).containsExactly(held).doesNotContain(expired);
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            setTenant(c, tenant);
            try (PreparedStatement query = c.prepareStatement("""
                    select convert_from(payload, 'UTF8') from outbox_event where topic = 'privacy.task-results.v1'
                    and event_type = 'dev.oubli.knowledge.retention-purge-ran.v1'""");
                 ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).contains("\"policyVersion\":3").contains("\"NOTES\":1");
            }
            c.rollback();
        }
    }

    private void policy(UUID tenant, int version, Map<String, Integer> days) throws Exception {
        assertThat(OnVertxContext.await(vertx, () -> listener.apply(new TenantId(tenant),
                new RetentionPolicySet(version, days, null, null, null, null, NOW)))).isTrue();
    }

    private UUID note(UUID tenant, Instant updatedAt) throws SQLException {
        UUID id = UUID.randomUUID();
        TenantSql.execute(owner, tenant, "insert into note (tenant_id, id, title, body, created_at, updated_at) values (?, ?, 't', 'b', ?, ?)",
                tenant, id, Timestamp.from(updatedAt), Timestamp.from(updatedAt));
        return id;
    }

    private UUID document(UUID tenant, Instant updatedAt) throws SQLException {
        UUID id = UUID.randomUUID();
        TenantSql.execute(owner, tenant, "insert into document (tenant_id, id, title, body, created_at, updated_at) values (?, ?, 't', 'b', ?, ?)",
                tenant, id, Timestamp.from(updatedAt), Timestamp.from(updatedAt));
        return id;
    }

    private UUID conversation(UUID tenant, Instant lastActivity) throws SQLException {
        UUID id = UUID.randomUUID();
        Timestamp at = Timestamp.from(lastActivity);
        TenantSql.execute(owner, tenant, """
                insert into conversation (tenant_id, id, agent, channel, started_at, last_activity_at, created_at, updated_at)
                values (?, ?, 'tom', 'CALL', ?, ?, ?, ?)""", tenant, id, at, at, at, at);
        TenantSql.execute(owner, tenant, """
                insert into conversation_participant (tenant_id, id, conversation_id, position, contact_id) values (?, ?, ?, 0, ?)""",
                tenant, UUID.randomUUID(), id, UUID.randomUUID());
        TenantSql.execute(owner, tenant, """
                insert into conversation_message (tenant_id, conversation_id, id, direction, sent_at, body) values (?, ?, ?, 'INBOUND', ?, 'x')""",
                tenant, id, UUID.randomUUID(), at);
        return id;
    }

    private void index(UUID tenant, String type, UUID item) throws SQLException {
        TenantSql.execute(owner, tenant, """
                insert into subject_index (tenant_id, item_type, item_id, identifier_kind, identifier, role)
                values (?, ?, ?, 'CONTACT', ?, 'ABOUT')""", tenant, type, item, UUID.randomUUID().toString());
    }

    private List<UUID> ids(UUID tenant, String table) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection app = AppRole.connect()) {
            app.setAutoCommit(false);
            setTenant(app, tenant);
            try (PreparedStatement query = app.prepareStatement("select id from " + table); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            app.rollback();
        }
        return ids;
    }

    private long count(UUID tenant, String sql) throws SQLException {
        try (Connection app = AppRole.connect()) {
            app.setAutoCommit(false);
            setTenant(app, tenant);
            try (PreparedStatement query = app.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
                rows.next();
                long count = rows.getLong(1);
                app.rollback();
                return count;
            }
        }
    }

    private static void setTenant(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
            set.setString(1, tenant.toString());
            set.execute();
        }
    }

    private String editor() {
        return TestTokens.forTenant(tenant, "knowledge-editor");
    }
}

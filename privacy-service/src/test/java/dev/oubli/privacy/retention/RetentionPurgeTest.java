package dev.oubli.privacy.retention;

import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.RetentionCategory;
import dev.oubli.events.RetentionPurgeRan;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.privacy.tenant.TestTenants;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * privacy-service's own retention categories purged at a fixed instant (docs/adr/0057), with the platform defaults
 * (five years for these three: proof): just past the limit purged, just within kept, held kept, other tenants untouched.
 * Batches hold 2 rows in tests.
 */
@QuarkusTest
class RetentionPurgeTest {

    static final Instant NOW = Instant.parse("2031-06-15T12:00:00Z");
    static final Instant CUTOFF = NOW.minus(Duration.ofDays(1826));

    final UUID tenant = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    @Inject
    OwnRetentionPurge purge;

    @Inject
    RetentionSweep sweep;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void eachCategoryPurgesExactlyWhatIsPastItsLimitAndNothingHeld() throws Throwable {
        String held = holdSubject("held-" + tenant + "@example.com");
        UUID heldRequest = UUID.randomUUID();
        String holdOnRequest = hold("{\"requestId\":\"" + heldRequest + "\",\"reason\":\"litigation 2031-17\"}");
        Instant past = CUTOFF.minusSeconds(1);
        Instant within = CUTOFF.plusSeconds(1);

        List<UUID> expiredChecks = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // more than a batch
            expiredChecks.add(check(tenant, past.minus(Duration.ofHours(i)), index("e" + i)));
        }
        UUID checkAtTheLimit = check(tenant, CUTOFF, index("e3"));
        UUID recentCheck = check(tenant, within, index("e4"));
        UUID heldCheck = check(tenant, past, held);
        UUID othersCheck = check(other, past, index("e5"));

        consentHistory(tenant, index("c1"), past, "WITHDRAWN");        // 2 ledger rows: purged
        consentHistory(tenant, index("c2"), within, "WITHDRAWN");      // kept
        consentHistory(tenant, index("c3"), past, "GRANTED");          // consent in force: kept
        consentHistory(tenant, held, past, "WITHDRAWN");               // held: kept
        consentHistory(other, index("c1"), past, "WITHDRAWN");         // another tenant: kept

        UUID settledLongAgo = request(tenant, UUID.randomUUID(), past, index("r1"));
        UUID settledRecently = request(tenant, UUID.randomUUID(), within, index("r2"));
        UUID open = request(tenant, UUID.randomUUID(), null, index("r3"));
        request(tenant, heldRequest, past, index("r4"));
        UUID aboutHeldSubject = request(tenant, UUID.randomUUID(), past, held);
        UUID othersRequest = request(other, UUID.randomUUID(), past, index("r5"));

        Map<RetentionCategory, Long> deleted = VertxContextSupport.subscribeAndAwait(() -> purge.purge(new TenantId(tenant), NOW));

        assertThat(deleted).containsEntry(RetentionCategory.CHECK_EVIDENCE, 3L)
                .containsEntry(RetentionCategory.CONSENT_HISTORY_AFTER_WITHDRAWAL, 2L)
                .containsEntry(RetentionCategory.SETTLED_PRIVACY_REQUESTS, 1L);
        assertThat(ids(tenant, "select id from contact_check")).containsExactlyInAnyOrder(checkAtTheLimit, recentCheck, heldCheck)
                .doesNotContainAnyElementsOf(expiredChecks);
        assertThat(ids(other, "select id from contact_check")).containsExactly(othersCheck);
        assertThat(strings(tenant, "select email_index from consent_change")).containsExactlyInAnyOrder(
                index("c2"), index("c2"), index("c3"), index("c3"), held, held);
        assertThat(strings(tenant, "select identifier from consent_state")).containsExactlyInAnyOrder(index("c2"), index("c3"), held);
        assertThat(strings(other, "select email_index from consent_change")).hasSize(2);
        assertThat(ids(tenant, "select id from privacy_request"))
                .containsExactlyInAnyOrder(settledRecently, open, heldRequest, aboutHeldSubject).doesNotContain(settledLongAgo);
        assertThat(ids(tenant, "select request_id from privacy_request_task")).doesNotContain(settledLongAgo);
        assertThat(ids(other, "select id from privacy_request")).containsExactly(othersRequest);

        officer(tenant).when().get("/api/retention-purges").then().statusCode(200)
                .body("findAll { it.category == 'CHECK_EVIDENCE' }.deleted", hasItem(3))
                .body("owner", hasItem("privacy-service"));

        // Lifted holds no longer keep anything.
        for (String id : List.of(holdOnRequest, firstHoldId())) {
            officer(tenant).contentType(ContentType.JSON).body("{\"reason\":\"case closed\"}")
                    .when().post("/api/legal-holds/" + id + "/lift").then().statusCode(200);
        }
        Map<RetentionCategory, Long> again = VertxContextSupport.subscribeAndAwait(() -> purge.purge(new TenantId(tenant), NOW));
        assertThat(again).containsEntry(RetentionCategory.CHECK_EVIDENCE, 1L)
                .containsEntry(RetentionCategory.CONSENT_HISTORY_AFTER_WITHDRAWAL, 2L)
                .containsEntry(RetentionCategory.SETTLED_PRIVACY_REQUESTS, 2L);
    }

    @Test
    void aFailingCategoryStopsNoneOfTheOthers() throws Throwable {
        check(tenant, CUTOFF.minusSeconds(1), index("f1"));
        consentHistory(tenant, index("f2"), CUTOFF.minusSeconds(1), "WITHDRAWN");
        Map<RetentionCategory, Long> deleted;
        try (Connection c = owner.getConnection(); Statement ddl = c.createStatement()) {
            ddl.execute("create or replace function test_refuse_delete() returns trigger language plpgsql as "
                    + "$$ begin raise exception 'refused by the test'; end $$");
            ddl.execute("create trigger test_refuse_delete before delete on contact_check for each row when (old.tenant_id = '"
                    + tenant + "') execute function test_refuse_delete()");
            try {
                deleted = VertxContextSupport.subscribeAndAwait(() -> purge.purge(new TenantId(tenant), NOW));
            } finally {
                ddl.execute("drop trigger if exists test_refuse_delete on contact_check");
                ddl.execute("drop function if exists test_refuse_delete()");
            }
        }
        assertThat(deleted).doesNotContainKey(RetentionCategory.CHECK_EVIDENCE)
                .containsEntry(RetentionCategory.CONSENT_HISTORY_AFTER_WITHDRAWAL, 2L);
    }

    @Test
    void theSweepPushesTheDefaultsOfARegisteredTenantOnce() throws Throwable {
        TestTenants.register(tenant);
        VertxContextSupport.subscribeAndAwait(() -> sweep.sweep(NOW));
        VertxContextSupport.subscribeAndAwait(() -> sweep.sweep(NOW));

        List<String> published = strings(tenant, """
                select convert_from(payload, 'UTF8') from outbox_event where topic = 'privacy.retention-policies.v1'""");
        assertThat(published).hasSize(1);
        assertThat(published.get(0)).contains("\"version\":1").contains("\"NOTES\":1095").contains("\"CHECK_EVIDENCE\":1826");
        officer(tenant).when().get("/api/retention-policies").then().statusCode(200).body("version", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void anOwnersReportIsListedOnceForTheOfficer() throws Exception {
        UUID eventId = UUID.randomUUID();
        RetentionPurgeRan ran = new RetentionPurgeRan("knowledge-service", 4, Map.of("NOTES", 7L, "DOCUMENTS", 0L), NOW);
        for (int i = 0; i < 2; i++) { // redelivered
            CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_TASK_RESULTS, Topics.tenantKey(tenant),
                    eventId, EventType.RETENTION_PURGE_RAN.ceType("knowledge"), ran.owner(), tenant,
                    EventJson.newObjectMapper().writeValueAsBytes(ran)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> officer(tenant).when().get("/api/retention-purges").then()
                .statusCode(200).body("findAll { it.category == 'NOTES' }.deleted", org.hamcrest.Matchers.contains(7)));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        officer(tenant).when().get("/api/retention-purges").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(2))
                .body("policyVersion", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(4)));
        officer(other).when().get("/api/retention-purges").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    private String holdSubject(String email) {
        hold("{\"subject\":{\"email\":\"" + email + "\"},\"reason\":\"litigation 2031-17\"}");
        return officer(tenant).when().get("/api/legal-holds").then().statusCode(200)
                .extract().path("find { it.emailIndex != null }.emailIndex");
    }

    private String firstHoldId() {
        return officer(tenant).when().get("/api/legal-holds").then().statusCode(200)
                .extract().path("find { it.emailIndex != null }.id");
    }

    private String hold(String body) {
        return officer(tenant).contentType(ContentType.JSON).body(body).when().post("/api/legal-holds").then().statusCode(200)
                .extract().path("id");
    }

    /** A well-formed blind index, different per name. */
    private String index(String name) {
        String base = (name + "-" + tenant.toString().replace("-", "")).replaceAll("[^A-Za-z0-9_-]", "_");
        return (base + "x".repeat(43)).substring(0, 43);
    }

    private UUID check(UUID tenant, Instant at, String emailIndex) throws SQLException {
        UUID id = UUID.randomUUID();
        TenantSql.execute(owner, tenant, """
                insert into contact_check (tenant_id, id, checked_at, agent_id, channel, purpose, email_index, planned_at, decision)
                values (?, ?, ?, 'tom', 'EMAIL', 'MARKETING', ?, ?, 'ALLOWED')""", tenant, id, Timestamp.from(at), emailIndex,
                Timestamp.from(at));
        return id;
    }

    /** A grant, then (if WITHDRAWN) a withdrawal at {@code at}; the current state as of {@code at}. */
    private void consentHistory(UUID tenant, String emailIndex, Instant at, String state) throws SQLException {
        List<String> states = "WITHDRAWN".equals(state) ? List.of("GRANTED", "WITHDRAWN") : List.of("GRANTED", "GRANTED");
        Instant time = at.minus(Duration.ofDays(10));
        for (String each : states) {
            TenantSql.execute(owner, tenant, """
                    insert into consent_change (tenant_id, id, email_index, channel, purpose, state, source, recorded_at)
                    values (?, ?, ?, 'EMAIL', 'MARKETING', ?, 'FORM', ?)""", tenant, UUID.randomUUID(), emailIndex, each, Timestamp.from(time));
            time = at;
        }
        TenantSql.execute(owner, tenant, """
                insert into consent_state (tenant_id, identifier, channel, purpose, state, seq, changed_at)
                values (?, ?, 'EMAIL', 'MARKETING', ?, 1, ?)""", tenant, emailIndex, state, Timestamp.from(at));
    }

    private UUID request(UUID tenant, UUID id, Instant settledAt, String emailIndex) throws SQLException {
        Instant received = (settledAt == null ? CUTOFF : settledAt).minus(Duration.ofDays(20));
        TenantSql.execute(owner, tenant, """
                insert into privacy_request (tenant_id, id, type, status, received_at, due_on, completed_at, subject_email_indexes)
                values (?, ?, 'OBJECTION', ?, ?, current_date, ?, array[?]::text[])""", tenant, id,
                settledAt == null ? "IN_PROGRESS" : "COMPLETED", Timestamp.from(received),
                settledAt == null ? null : Timestamp.from(settledAt), emailIndex);
        TenantSql.execute(owner, tenant, """
                insert into privacy_request_task (tenant_id, request_id, owner, status) values (?, ?, 'test-owner-a', 'COMPLETED')""",
                tenant, id);
        return id;
    }

    private List<UUID> ids(UUID tenant, String sql) throws SQLException {
        return strings(tenant, sql).stream().map(UUID::fromString).toList();
    }

    private List<String> strings(UUID tenant, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            try (PreparedStatement query = c.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            c.rollback();
        }
        return values;
    }

    private static io.restassured.specification.RequestSpecification officer(UUID tenant) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer"));
    }
}

package dev.oubli.privacy.retention;

import dev.oubli.events.RetentionCategory;
import dev.oubli.privacy.audit.OldAuditEntries;
import dev.oubli.tenancy.AppRole;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * Audit entries past their fixed limit (1,826 days) purged oldest first, at a fixed instant, behind a signed checkpoint
 * from which the remaining chain verifies (docs/adr/0061). The clock is fixed at the test's start: the database refuses to
 * remove entries younger than the legal period by its own clock, so the instant cannot be years ahead. Batches hold 2.
 */
@QuarkusTest
class AuditRetentionPurgeTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Instant CUTOFF = NOW.minus(Duration.ofDays(1826));
    static final Duration ANCHORED = Duration.ofSeconds(30);

    final UUID tenant = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    @Inject
    OwnRetentionPurge purge;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Test
    void removesWhatIsPastTheLimitOldestFirstAndTheRestVerifiesFromTheCheckpoint() throws Throwable {
        List<String> hashes = history(tenant, Map.of());
        history(other, Map.of());

        Map<RetentionCategory, Long> deleted = purge();

        assertThat(deleted).containsEntry(RetentionCategory.AUDIT_ENTRIES, 4L);
        assertThat(seqs(tenant)).containsExactly(5L, 6L, 7L);
        assertThat(seqs(other)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        // The purge is audited, after the entries kept: its counts and the checkpoint.
        officer().when().get("/api/audit-events?after=6").then().statusCode(200)
                .body("items.action", equalTo(List.of("RETENTION_PURGED")))
                .body("items[0].details.AUDIT_ENTRIES", equalTo(4))
                .body("items[0].details.checkpointSeq", equalTo(4))
                .body("items[0].details.checkpointHash", equalTo(hashes.get(3)));
        await().atMost(ANCHORED).untilAsserted(() -> verification()
                .body("intact", equalTo(true))
                .body("entries", equalTo(3))
                .body("firstBroken", nullValue())
                .body("checkpoint.seq", equalTo(4))
                .body("checkpoint.hash", equalTo(hashes.get(3)))
                .body("anchor.seq", equalTo(7)));
        officer().when().get("/api/retention-purges").then().statusCode(200)
                .body("findAll { it.category == 'AUDIT_ENTRIES' }.deleted", hasItem(4));

        // A second run removes nothing more, and has nothing to audit.
        assertThat(purge()).containsEntry(RetentionCategory.AUDIT_ENTRIES, 0L);
        assertThat(seqs(tenant)).containsExactly(5L, 6L, 7L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "update audit_event set details = '{\"n\":9}' where tenant_id = ? and seq = 5|5|HASH_MISMATCH",
            "delete from audit_event where tenant_id = ? and seq = 5|6|SEQUENCE_GAP",
            "delete from audit_checkpoint where tenant_id = ?|5|SEQUENCE_GAP",
            "update audit_checkpoint set seq = 5, hash = (select hash from audit_event where seq = 5) where tenant_id = ?|5|CHECKPOINT_FORGED"})
    void tamperingWithTheRemainderOrTheCheckpointIsStillSeen(String tamperingSeqProblem) throws Throwable {
        String[] parts = tamperingSeqProblem.split("\\|");
        history(tenant, Map.of());
        purge();
        await().atMost(ANCHORED).untilAsserted(() -> verification().body("intact", equalTo(true)).body("anchor.seq", equalTo(7)));

        TenantSql.execute(owner, tenant, parts[0], tenant);

        verification().body("intact", equalTo(false))
                .body("firstBroken.seq", equalTo(Integer.parseInt(parts[1])))
                .body("firstBroken.problem", equalTo(parts[2]));
    }

    @Test
    void aHeldRequestKeepsItsEntriesAndEverythingAfterTheOldestOfThem() throws Throwable {
        UUID held = UUID.randomUUID();
        history(tenant, Map.of(1, held)); // entry 2 is the held request's
        String hold = officer().contentType(ContentType.JSON).body("{\"requestId\":\"" + held + "\",\"reason\":\"litigation 2031-17\"}")
                .when().post("/api/legal-holds").then().statusCode(200).extract().path("id");

        assertThat(purge()).containsEntry(RetentionCategory.AUDIT_ENTRIES, 1L);
        assertThat(seqs(tenant)).first().isEqualTo(2L);

        officer().contentType(ContentType.JSON).body("{\"reason\":\"case closed\"}")
                .when().post("/api/legal-holds/" + hold + "/lift").then().statusCode(200);
        assertThat(purge()).containsEntry(RetentionCategory.AUDIT_ENTRIES, 3L);
        assertThat(seqs(tenant)).first().isEqualTo(5L);
        await().atMost(ANCHORED).untilAsserted(() -> verification().body("intact", equalTo(true)).body("checkpoint.seq", equalTo(4)));
    }

    @Test
    void aHeldSubjectKeepsTheEntriesOfTheRequestsAboutIt() throws Throwable {
        UUID about = UUID.randomUUID();
        history(tenant, Map.of(2, about)); // entry 3 is a request about the held subject
        officer().contentType(ContentType.JSON)
                .body("{\"subject\":{\"email\":\"held-" + tenant + "@example.com\"},\"reason\":\"litigation 2031-17\"}")
                .when().post("/api/legal-holds").then().statusCode(200);
        String index = officer().when().get("/api/legal-holds").then().statusCode(200).extract().path("[0].emailIndex");
        TenantSql.execute(owner, tenant, """
                insert into privacy_request (tenant_id, id, type, status, received_at, due_on, completed_at, subject_email_indexes)
                values (?, ?, 'OBJECTION', 'COMPLETED', ?, current_date, ?, array[?]::text[])""", tenant, about,
                Timestamp.from(CUTOFF.minus(Duration.ofDays(20))), Timestamp.from(CUTOFF.minus(Duration.ofDays(10))), index);

        assertThat(purge()).containsEntry(RetentionCategory.AUDIT_ENTRIES, 2L)
                .containsEntry(RetentionCategory.SETTLED_PRIVACY_REQUESTS, 0L);
        assertThat(seqs(tenant)).first().isEqualTo(3L);
    }

    @Test
    void theServiceRoleCannotRemoveAnEntryWithinTheLegalPeriod() throws Throwable {
        List<String> hashes = history(tenant, Map.of());
        try (Connection app = AppRole.connect()) {
            app.setAutoCommit(false);
            try (PreparedStatement set = app.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            // Entry 6 is a day within the period (entry 5, a second within at NOW, is past it by now: the clock went on).
            PreparedStatement remove = app.prepareStatement("select purge_audit_entries(6, ?, ?, ?, 'c2lnbmVk')");
            remove.setString(1, hashes.get(5));
            remove.setTimestamp(2, Timestamp.from(NOW.plus(Duration.ofDays(3650))));
            remove.setTimestamp(3, Timestamp.from(NOW));
            assertThatThrownBy(remove::execute).isInstanceOf(SQLException.class).hasMessageContaining("not past the legal period");
            app.rollback();
        }
        assertThat(seqs(tenant)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    /** Four entries past the limit (more than a batch), then two within it. */
    private List<String> history(UUID tenant, Map<Integer, UUID> requests) throws SQLException {
        return OldAuditEntries.append(owner, tenant, List.of(CUTOFF.minus(Duration.ofHours(3)), CUTOFF.minus(Duration.ofHours(2)),
                CUTOFF.minus(Duration.ofHours(1)), CUTOFF.minusSeconds(1), CUTOFF.plusSeconds(1), CUTOFF.plus(Duration.ofDays(1))), requests);
    }

    private Map<RetentionCategory, Long> purge() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> purge.purge(new TenantId(tenant), NOW));
    }

    private ValidatableResponse verification() {
        return officer().when().get("/api/audit-events/verification").then().statusCode(200);
    }

    private List<Long> seqs(UUID tenant) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            try (PreparedStatement query = c.prepareStatement("select seq from audit_event where tenant_id = ? order by seq")) {
                query.setObject(1, tenant);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        values.add(rows.getLong(1));
                    }
                }
            }
            c.rollback();
        }
        return values;
    }

    private RequestSpecification officer() {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer"));
    }
}

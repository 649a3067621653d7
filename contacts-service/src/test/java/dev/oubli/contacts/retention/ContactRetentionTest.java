package dev.oubli.contacts.retention;

import dev.oubli.events.RetentionCategory;
import dev.oubli.events.RetentionPolicySet;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantSql;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * contacts-service's retention categories purged at a fixed instant with a pushed policy (docs/adr/0057): just past the
 * limit purged, just within kept, held kept, other tenants untouched, a failing category isolated. Batches of 2.
 */
@QuarkusTest
class ContactRetentionTest {

    static final Instant NOW = Instant.parse("2031-06-15T12:00:00Z");

    final UUID tenant = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    @Inject
    ContactRetentionPurge purge;

    @Inject
    RetentionPolicyListener listener;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Test
    void eachCategoryPurgesExactlyWhatIsPastItsLimit() throws Throwable {
        UUID heldContact = UUID.randomUUID();
        policy(tenant, 1, Map.of("CONTACTS_WITHOUT_ACTIVITY", 100, "IMPORT_REPORTS", 30), List.of(heldContact));
        policy(other, 1, Map.of("CONTACTS_WITHOUT_ACTIVITY", 100000, "IMPORT_REPORTS", 100000), List.of());
        Instant contactsCutoff = NOW.minus(Duration.ofDays(100));
        Instant importsCutoff = NOW.minus(Duration.ofDays(30));

        List<UUID> idle = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            idle.add(contact(tenant, UUID.randomUUID(), contactsCutoff.minusSeconds(1 + i)));
        }
        UUID atTheLimit = contact(tenant, UUID.randomUUID(), contactsCutoff);
        UUID recentConsent = contact(tenant, UUID.randomUUID(), contactsCutoff.minusSeconds(60));
        consent(tenant, recentConsent, contactsCutoff.plusSeconds(1));
        UUID oldConsent = contact(tenant, UUID.randomUUID(), contactsCutoff.minusSeconds(60));
        consent(tenant, oldConsent, contactsCutoff.minusSeconds(1));
        contact(tenant, heldContact, contactsCutoff.minusSeconds(60));
        UUID others = contact(other, UUID.randomUUID(), contactsCutoff.minusSeconds(60));

        UUID endedImport = importJob(tenant, "COMPLETED", importsCutoff.minusSeconds(1));
        UUID failedImport = importJob(tenant, "FAILED", importsCutoff.minusSeconds(1));
        UUID recentImport = importJob(tenant, "COMPLETED", importsCutoff.plusSeconds(1));
        UUID runningImport = importJob(tenant, "RUNNING", null);

        Map<UUID, Map<RetentionCategory, Long>> removed = VertxContextSupport.subscribeAndAwait(() -> purge.purgeExpired(NOW));

        assertThat(removed.get(tenant)).containsEntry(RetentionCategory.CONTACTS_WITHOUT_ACTIVITY, 4L)
                .containsEntry(RetentionCategory.IMPORT_REPORTS, 2L);
        assertThat(ids(tenant, "select id from contact")).containsExactlyInAnyOrder(atTheLimit, recentConsent, heldContact)
                .doesNotContain(oldConsent).doesNotContainAnyElementsOf(idle);
        assertThat(ids(tenant, "select contact_id from contact_consent")).containsExactly(recentConsent);
        assertThat(ids(other, "select id from contact")).containsExactly(others);
        assertThat(ids(tenant, "select id from contact_import")).containsExactlyInAnyOrder(recentImport, runningImport)
                .doesNotContain(endedImport, failedImport);
        assertThat(ids(tenant, "select import_id from contact_import_issue")).containsExactlyInAnyOrder(recentImport, runningImport);
    }

    @Test
    void anOlderPolicyIsIgnoredAndAFailingCategoryStopsNoneOfTheOthers() throws Throwable {
        policy(tenant, 2, Map.of("CONTACTS_WITHOUT_ACTIVITY", 100, "IMPORT_REPORTS", 30), List.of());
        assertThat(VertxContextSupport.<Boolean>subscribeAndAwait(() -> listener.apply(new TenantId(tenant),
                new RetentionPolicySet(1, Map.of("CONTACTS_WITHOUT_ACTIVITY", 1), null, null, null, null, NOW)))).isFalse();
        contact(tenant, UUID.randomUUID(), NOW.minus(Duration.ofDays(101)));
        importJob(tenant, "COMPLETED", NOW.minus(Duration.ofDays(31)));
        Map<UUID, Map<RetentionCategory, Long>> removed;
        try (Connection c = owner.getConnection(); Statement ddl = c.createStatement()) {
            ddl.execute("create or replace function test_refuse_delete() returns trigger language plpgsql as "
                    + "$$ begin raise exception 'refused by the test'; end $$");
            ddl.execute("create trigger test_refuse_delete before delete on contact for each row when (old.tenant_id = '"
                    + tenant + "') execute function test_refuse_delete()");
            try {
                removed = VertxContextSupport.subscribeAndAwait(() -> purge.purgeExpired(NOW));
            } finally {
                ddl.execute("drop trigger if exists test_refuse_delete on contact");
                ddl.execute("drop function if exists test_refuse_delete()");
            }
        }
        assertThat(removed.get(tenant)).doesNotContainKey(RetentionCategory.CONTACTS_WITHOUT_ACTIVITY)
                .containsEntry(RetentionCategory.IMPORT_REPORTS, 1L);
        List<String> reports = strings(tenant, """
                select convert_from(payload, 'UTF8') from outbox_event where event_type = 'dev.oubli.contacts.retention-purge-ran.v1'""");
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).contains("\"policyVersion\":2").contains("\"IMPORT_REPORTS\":1").doesNotContain("CONTACTS_WITHOUT");
    }

    private void policy(UUID tenant, int version, Map<String, Integer> days, List<UUID> held) throws Throwable {
        assertThat(VertxContextSupport.<Boolean>subscribeAndAwait(() -> listener.apply(new TenantId(tenant),
                new RetentionPolicySet(version, days, held, null, null, null, NOW)))).isTrue();
    }

    private UUID contact(UUID tenant, UUID id, Instant updatedAt) throws SQLException {
        TenantSql.execute(owner, tenant, "insert into contact (tenant_id, id, first_name, created_at, updated_at) values (?, ?, 'R', ?, ?)",
                tenant, id, Timestamp.from(updatedAt), Timestamp.from(updatedAt));
        return id;
    }

    private void consent(UUID tenant, UUID contact, Instant changedAt) throws SQLException {
        TenantSql.execute(owner, tenant, """
                insert into contact_consent (tenant_id, contact_id, channel, purpose, state, source, changed_at)
                values (?, ?, 'EMAIL', 'MARKETING', 'GRANTED', 'FORM', ?)""", tenant, contact, Timestamp.from(changedAt));
    }

    private UUID importJob(UUID tenant, String status, Instant finishedAt) throws SQLException {
        UUID id = UUID.randomUUID();
        TenantSql.execute(owner, tenant, """
                insert into contact_import (tenant_id, id, status, format, lawful_basis, duplicates, source, bytes_total, finished_at)
                values (?, ?, ?, 'CSV', 'CONTRACT', 'SKIP', 'test', 1, ?)""", tenant, id, status,
                finishedAt == null ? null : Timestamp.from(finishedAt));
        TenantSql.execute(owner, tenant, "insert into contact_import_issue (tenant_id, import_id, row_number, reason) values (?, ?, 2, 'INVALID_EMAIL')",
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
}

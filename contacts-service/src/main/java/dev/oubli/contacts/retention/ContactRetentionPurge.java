package dev.oubli.contacts.retention;

import dev.oubli.contacts.ContactsConfig;
import dev.oubli.events.EventType;
import dev.oubli.events.RetentionCategory;
import dev.oubli.events.RetentionPurgeRan;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * contacts-service's scheduled retention purge (docs/adr/0057), with the limits privacy-service pushed: contacts without
 * activity (no change of the contact and no consent change for the period; none named by a legal hold), with their
 * consent mirror; ended imports' reports (the job and its issues; an ended job's upload is already gone). Each tenant and
 * each category on its own: one failing is logged, counted and tried again at the next run. Batches of
 * {@code oubli.contacts.retention.batch-size}, each its own transaction. Each tenant's run is reported to privacy-service
 * as {@link RetentionPurgeRan}.
 */
@ApplicationScoped
public class ContactRetentionPurge {

    static final List<RetentionCategory> CATEGORIES = List.of(RetentionCategory.CONTACTS_WITHOUT_ACTIVITY, RetentionCategory.IMPORT_REPORTS);
    private static final Logger LOG = Logger.getLogger(ContactRetentionPurge.class);

    private static final String CONTACTS = """
            with gone as (
                delete from contact t where t.ctid = any(array(
                    select c.ctid from contact c
                    where c.tenant_id = $1 and c.updated_at < $2
                      and not exists (select 1 from contact_consent k
                                      where k.tenant_id = c.tenant_id and k.contact_id = c.id and k.changed_at >= $2)
                      and not exists (select 1 from retention_hold h where h.tenant_id = c.tenant_id
                                      and h.identifier in (c.id::text, c.email_index, c.phone_index))
                    order by c.updated_at, c.id limit $3))
                returning 1)
            select count(*) from gone""";

    private static final String IMPORT_REPORTS = """
            with gone as (
                delete from contact_import t where t.ctid = any(array(
                    select ctid from contact_import where tenant_id = $1 and status in ('COMPLETED', 'FAILED') and finished_at < $2
                    order by finished_at limit $3))
                returning 1)
            select count(*) from gone""";

    private final TenantTransactions transactions;
    private final Outbox outbox;
    private final int batchSize;
    private final Counter failed;

    ContactRetentionPurge(TenantTransactions transactions, Outbox outbox, MeterRegistry metrics, ContactsConfig config) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.batchSize = config.retention().batchSize();
        this.failed = Counter.builder("oubli.contacts.retention.failed")
                .description("Categories of a tenant whose retention purge failed in a run (purged again at the next)").register(metrics);
    }

    @Scheduled(every = "${oubli.contacts.retention.purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purgeExpired(Instant.now()).replaceWithVoid();
    }

    /** @return items removed at {@code now} (tests fix it), per tenant and category that ran */
    public Uni<Map<UUID, Map<RetentionCategory, Long>>> purgeExpired(Instant now) {
        return tenants().chain(tenants -> {
            Map<UUID, Map<RetentionCategory, Long>> removed = new LinkedHashMap<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID tenant : tenants) {
                chain = chain.chain(() -> purge(new TenantId(tenant), now).invoke(counts -> removed.put(tenant, counts)).replaceWithVoid());
            }
            return chain.map(done -> removed);
        });
    }

    private Uni<Map<RetentionCategory, Long>> purge(TenantId tenant, Instant now) {
        return limits(tenant).chain(policy -> {
            Map<RetentionCategory, Long> deleted = new EnumMap<>(RetentionCategory.class);
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RetentionCategory category : CATEGORIES) {
                Integer days = policy.days().get(category);
                if (days == null) {
                    continue;
                }
                OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(Duration.ofDays(days)), ZoneOffset.UTC);
                String sql = category == RetentionCategory.CONTACTS_WITHOUT_ACTIVITY ? CONTACTS : IMPORT_REPORTS;
                chain = chain.chain(() -> batches(tenant, sql, cutoff, 0L)
                        .invoke(count -> deleted.put(category, count))
                        .replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            failed.increment();
                            LOG.warnf("Retention purge of %s for tenant %s failed (%s): purged again at the next run", category, tenant,
                                    e.getClass().getSimpleName());
                            return null;
                        }));
            }
            return chain.chain(() -> report(tenant, policy.version(), deleted, now)).map(done -> deleted);
        });
    }

    private record Policy(int version, Map<RetentionCategory, Integer> days) {
    }

    @SuppressWarnings("unchecked")
    private Uni<Policy> limits(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select l.category, l.days, a.version from retention_policy_applied a
                                left join retention_limit l on l.tenant_id = a.tenant_id where a.tenant_id = :tenant""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .getResultList()))
                .map(rows -> {
                    Map<RetentionCategory, Integer> days = new EnumMap<>(RetentionCategory.class);
                    int version = 0;
                    for (Object[] row : rows) {
                        version = ((Number) row[2]).intValue();
                        if (row[0] != null) {
                            days.put(RetentionCategory.valueOf((String) row[0]), ((Number) row[1]).intValue());
                        }
                    }
                    return new Policy(version, days);
                });
    }

    private Uni<Long> batches(TenantId tenant, String sql, OffsetDateTime cutoff, long soFar) {
        return transactions.statement(tenant, sql, Tuple.of(tenant.value(), cutoff, batchSize))
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(count -> count < batchSize ? Uni.createFrom().item(soFar + count) : batches(tenant, sql, cutoff, soFar + count));
    }

    private Uni<Void> report(TenantId tenant, int version, Map<RetentionCategory, Long> deleted, Instant now) {
        Map<String, Long> counts = new TreeMap<>();
        deleted.forEach((category, count) -> counts.put(category.name(), count));
        return transactions.inTransaction(tenant, () -> outbox.append(tenant, Topics.PRIVACY_TASK_RESULTS, Topics.tenantKey(tenant.value()),
                EventType.RETENTION_PURGE_RAN.ceType("contacts"), new RetentionPurgeRan("contacts-service", version, counts, now)))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Retention purge report of tenant %s not written (%s)", tenant, e.getClass().getSimpleName());
                    return null;
                });
    }

    private Uni<List<UUID>> tenants() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select set_config('oubli.retention_scan', 'on', true)").getSingleResult()
                        .chain(ignored -> session.createNativeQuery(
                                "select tenant_id::text from retention_policy_applied order by tenant_id", String.class).getResultList())))
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }
}

package dev.oubli.knowledge.retention;

import dev.oubli.events.EventType;
import dev.oubli.events.RetentionPurgeRan;
import dev.oubli.events.Topics;
import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.outbox.Outbox;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Retention limits and purges. A purge removes, category by category, every item whose age time is strictly before
 * the cutoff, in batches of {@code oubli.knowledge.purge-batch-size} rows, each batch its own transaction (short
 * locks, bounded transactions), together with the items' subject-index rows; conversations take their participants and
 * messages with them (foreign keys on delete cascade). Each category's total is recorded as a {@link PurgeRun}.
 */
@ApplicationScoped
public class RetentionService {

    static final int MAX_DAYS = 36_500;

    private final TenantTransactions transactions;
    private final KnowledgeConfig config;
    private final Clock clock;
    private final Outbox outbox;

    RetentionService(TenantTransactions transactions, KnowledgeConfig config, Clock clock, Outbox outbox) {
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
        this.outbox = outbox;
    }

    /** Reports a scheduled run to privacy-service (docs/adr/0057): {@link RetentionPurgeRan} through the outbox. */
    Uni<Void> reportRun(TenantId tenant, Map<RetentionCategory, Long> deleted) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        deleted.forEach((category, count) -> counts.put(category.name(), count));
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "select version from retention_policy_applied where tenant_id = :tenant", Integer.class)
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .chain(versions -> outbox.append(tenant, Topics.PRIVACY_TASK_RESULTS, Topics.tenantKey(tenant.value()),
                        EventType.RETENTION_PURGE_RAN.ceType("knowledge"),
                        new RetentionPurgeRan("knowledge-service", versions.isEmpty() ? 0 : versions.get(0), counts, now().toInstant()))))
                .replaceWithVoid();
    }

    public Uni<RetentionLimits> limits(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> limitsOf(tenant));
    }

    /**
     * The limits are privacy-service's (docs/adr/0057): set them with {@code PUT /api/retention-policies} there.
     *
     * @throws ProblemException (409) always
     */
    public Uni<RetentionLimits> refuseChange() {
        throw new ProblemException(409, "retention-policy-elsewhere", "Retention is set in the tenant's retention policy",
                "The AI Brain follows the tenant's retention policy: change it with PUT /api/retention-policies.");
    }

    Uni<RetentionLimits> changeLimits(TenantId tenant, RetentionLimits limits) {
        if (limits == null) {
            throw ProblemException.invalidRequest("A JSON body is required.");
        }
        for (RetentionCategory category : RetentionCategory.values()) {
            Integer days = limits.of(category);
            if (days != null && (days < 1 || days > MAX_DAYS)) {
                throw ProblemException.invalidRequest(category.name().toLowerCase() + " must be between 1 and " + MAX_DAYS + " days, or null.");
            }
        }
        return transactions.inTransaction(tenant, () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RetentionCategory category : RetentionCategory.values()) {
                Integer days = limits.of(category);
                chain = chain.chain(() -> Panache.getSession().chain(session -> (days == null
                        ? session.createNativeQuery("delete from retention_limit where tenant_id = :tenant and category = :category")
                        : session.createNativeQuery("""
                                insert into retention_limit (tenant_id, category, days) values (:tenant, :category, :days)
                                on conflict (tenant_id, category) do update set days = excluded.days""").setParameter("days", days))
                        .setParameter("tenant", tenant.value())
                        .setParameter("category", category.name())
                        .executeUpdate()).replaceWithVoid());
            }
            return chain.chain(() -> limitsOf(tenant));
        });
    }

    /** The purge a tenant asks for: everything older than {@code before}, which may not lie in the future. */
    public Uni<PurgeResult> purgeNow(TenantId tenant, PurgeRequest request) {
        if (request == null || request.before() == null) {
            throw ProblemException.invalidRequest("before is required: an ISO-8601 date-time.");
        }
        OffsetDateTime before = request.before().withOffsetSameInstant(ZoneOffset.UTC);
        if (before.isAfter(now())) {
            throw ProblemException.invalidRequest("before must not be in the future.");
        }
        if (request.categories() != null && request.categories().stream().anyMatch(Objects::isNull)) {
            throw ProblemException.invalidRequest("categories holds only CONVERSATIONS, NOTES or DOCUMENTS, never null.");
        }
        Set<RetentionCategory> categories = request.categories() == null || request.categories().isEmpty()
                ? EnumSet.allOf(RetentionCategory.class) : EnumSet.copyOf(request.categories());
        Map<RetentionCategory, Long> deleted = new EnumMap<>(RetentionCategory.class);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RetentionCategory category : categories) {
            chain = chain.chain(() -> purge(tenant, category, before, "REQUESTED").invoke(count -> deleted.put(category, count)).replaceWithVoid());
        }
        return chain.map(done -> new PurgeResult(before, deleted));
    }

    /** Applies the tenant's limits at the clock's current time; returns how many items each category lost. */
    public Uni<Map<RetentionCategory, Long>> purgeExpired(TenantId tenant, Map<RetentionCategory, Integer> limits) {
        Map<RetentionCategory, Long> deleted = new EnumMap<>(RetentionCategory.class);
        OffsetDateTime now = now();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<RetentionCategory, Integer> limit : limits.entrySet()) {
            OffsetDateTime cutoff = now.minus(Duration.ofDays(limit.getValue()));
            chain = chain.chain(() -> purge(tenant, limit.getKey(), cutoff, "SCHEDULED").invoke(count -> deleted.put(limit.getKey(), count))
                    .replaceWithVoid());
        }
        return chain.map(done -> deleted);
    }

    @SuppressWarnings("unchecked")
    public Uni<List<PurgeRun>> runs(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select id, trigger, category, cutoff, deleted, ran_at from purge_run
                                where tenant_id = :tenant order by ran_at desc, id limit 100""")
                        .setParameter("tenant", tenant.value())
                        .getResultList()))
                .map(rows -> {
                    List<PurgeRun> runs = new ArrayList<>();
                    for (Object row : rows) {
                        Object[] c = (Object[]) row;
                        runs.add(new PurgeRun((UUID) c[0], (String) c[1], RetentionCategory.valueOf((String) c[2]), utc(c[3]),
                                ((Number) c[4]).longValue(), utc(c[5])));
                    }
                    return runs;
                });
    }

    private Uni<Long> purge(TenantId tenant, RetentionCategory category, OffsetDateTime cutoff, String trigger) {
        return batches(tenant, category, cutoff, 0L).call(total -> transactions.inTransaction(tenant, () -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                insert into purge_run (tenant_id, id, trigger, category, cutoff, deleted, ran_at)
                                values (:tenant, :id, :trigger, :category, :cutoff, :deleted, :ranAt)""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", UUID.randomUUID())
                        .setParameter("trigger", trigger)
                        .setParameter("category", category.name())
                        .setParameter("cutoff", cutoff)
                        .setParameter("deleted", total)
                        .setParameter("ranAt", now())
                        .executeUpdate())));
    }

    private Uni<Long> batches(TenantId tenant, RetentionCategory category, OffsetDateTime cutoff, long soFar) {
        int size = config.purgeBatchSize();
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery(
                                batchSql(category))
                        .setParameter("tenant", tenant.value())
                        .setParameter("cutoff", cutoff)
                        .setParameter("batch", size)
                        .getSingleResult()))
                .map(count -> ((Number) count).longValue())
                .chain(count -> count < size ? Uni.createFrom().item(soFar + count) : batches(tenant, category, cutoff, soFar + count));
    }

    /**
     * One batch: the oldest expired rows (index on tenant and age), deleted with their subject-index rows. The rows
     * are found once and deleted by their physical address (a TID scan): joining back on the id made PostgreSQL scan
     * the whole table for every batch.
     */
    static String batchSql(RetentionCategory category) {
        return """
                with gone as (
                    delete from %1$s t where t.ctid = any(array(
                        select i.ctid from %1$s i where i.tenant_id = :tenant and i.%2$s < :cutoff
                          and not exists (select 1 from subject_index s join retention_hold h
                                              on h.tenant_id = s.tenant_id and h.identifier = s.identifier
                                          where s.tenant_id = :tenant and s.item_type = '%3$s' and s.item_id = i.id)
                        order by i.%2$s, i.id limit :batch))
                    returning t.id),
                unindexed as (
                    delete from subject_index s using gone
                    where s.tenant_id = :tenant and s.item_type = '%3$s' and s.item_id = gone.id)
                select count(*) from gone""".formatted(category.table, category.ageColumn, category.itemType);
    }

    @SuppressWarnings("unchecked")
    private Uni<RetentionLimits> limitsOf(TenantId tenant) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "select category, days from retention_limit where tenant_id = :tenant")
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .map(rows -> {
                    Map<RetentionCategory, Integer> days = new EnumMap<>(RetentionCategory.class);
                    for (Object row : rows) {
                        Object[] c = (Object[]) row;
                        days.put(RetentionCategory.valueOf((String) c[0]), ((Number) c[1]).intValue());
                    }
                    return new RetentionLimits(days.get(RetentionCategory.CONVERSATIONS), days.get(RetentionCategory.NOTES),
                            days.get(RetentionCategory.DOCUMENTS));
                });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Object time) {
        if (time instanceof OffsetDateTime offset) {
            return offset.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (time instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) time).toInstant().atOffset(ZoneOffset.UTC);
    }
}

package dev.oubli.privacy.retention;

import dev.oubli.events.RetentionCategory;
import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditCheckpoints;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * privacy-service's own retention purge of one tenant (docs/adr/0057): check evidence by its time, a subject's consent
 * history for a channel and purpose once withdrawn for the period, settled requests by their settling time (not those
 * with an erasure certificate: proof, kept with the audit log). Nothing under a legal hold. Each category on its own (one
 * failing is logged, counted and tried again at the next run), in batches of {@code oubli.privacy.retention.batch-size},
 * each its own transaction; each category's total is recorded as a run. Audit entries past their limit go oldest first
 * behind a signed checkpoint ({@link AuditCheckpoints}, docs/adr/0061), none from the oldest entry of a held request on.
 * A run that removed anything is audited ({@code RETENTION_PURGED}, the counts).
 */
@ApplicationScoped
class OwnRetentionPurge {

    static final String OWNER = "privacy-service";
    private static final Logger LOG = Logger.getLogger(OwnRetentionPurge.class);

    private static final String CHECK_EVIDENCE = """
            with gone as (
                delete from contact_check t where t.ctid = any(array(
                    select ctid from contact_check where tenant_id = $1 and checked_at < $2
                      and (email_index is null or email_index <> all(cast($3 as text[]))) and (phone_index is null or phone_index <> all(cast($3 as text[])))
                      and (contact_id is null or contact_id <> all(cast($4 as uuid[])))
                    order by checked_at limit $5))
                returning 1)
            select count(*) as keys, count(*) as deleted from gone""";

    /** A batch of withdrawn states past the cutoff; with them, every ledger row of that identifier, channel and purpose. */
    private static final String CONSENT_HISTORY = """
            with expired as (
                select identifier, channel, purpose from consent_state
                where tenant_id = $1 and state = 'WITHDRAWN' and changed_at < $2 and identifier <> all(cast($3 as text[]))
                  and identifier <> all(cast(cast($4 as uuid[]) as text[]))
                order by changed_at limit $5),
            history as (
                delete from consent_change c using expired e
                where c.tenant_id = $1 and c.channel = e.channel and c.purpose = e.purpose
                  and (c.email_index = e.identifier or c.phone_index = e.identifier or c.contact_id::text = e.identifier)
                  and (c.email_index is null or c.email_index <> all(cast($3 as text[]))) and (c.phone_index is null or c.phone_index <> all(cast($3 as text[])))
                  and (c.contact_id is null or c.contact_id <> all(cast($4 as uuid[])))
                returning 1),
            states as (
                delete from consent_state s using expired e
                where s.tenant_id = $1 and s.identifier = e.identifier and s.channel = e.channel and s.purpose = e.purpose
                returning 1)
            select (select count(*) from states) as keys, (select count(*) from history) as deleted""";

    /** A batch of settled requests past the cutoff, with their export bundles; tasks and contact points go by cascade. */
    private static final String SETTLED_REQUESTS = """
            with expired as (
                select id from privacy_request r
                where tenant_id = $1 and completed_at < $2
                  and not (subject_email_indexes && cast($3 as text[]) or subject_phone_indexes && cast($3 as text[])
                       or subject_contact_ids && cast($4 as uuid[]))
                  and id <> all(cast($6 as uuid[]))
                  and not exists (select 1 from erasure_certificate c where c.tenant_id = r.tenant_id and c.request_id = r.id)
                order by completed_at limit $5),
            bundles as (
                delete from export_bundle b using expired e where b.tenant_id = $1 and b.request_id = e.id returning 1),
            gone as (
                delete from privacy_request r using expired e where r.tenant_id = $1 and r.id = e.id returning 1)
            select count(*) as keys, count(*) as deleted from gone""";

    private final TenantTransactions transactions;
    private final RetentionPolicies policies;
    private final RetentionRuns runs;
    private final PrivacyConfig config;
    private final AuditCheckpoints checkpoints;
    private final AuditService audit;
    private final Counter failed;

    OwnRetentionPurge(TenantTransactions transactions, RetentionPolicies policies, RetentionRuns runs, PrivacyConfig config,
                      AuditCheckpoints checkpoints, AuditService audit, MeterRegistry metrics) {
        this.transactions = transactions;
        this.policies = policies;
        this.runs = runs;
        this.config = config;
        this.checkpoints = checkpoints;
        this.audit = audit;
        this.failed = Counter.builder("oubli.privacy.retention.failed")
                .description("Categories of a tenant whose retention purge failed in a run (purged again at the next)").register(metrics);
    }

    /** What the tenant's policy, as of now, lets this service purge. */
    private record Plan(int version, Map<RetentionCategory, Integer> days, RetentionPolicies.Holds holds) {
    }

    /**
     * Purges the tenant's expired records at {@code now}, publishing its default policy first if it never had one.
     *
     * @return records deleted per category that ran (a failed category is absent)
     */
    Uni<Map<RetentionCategory, Long>> purge(TenantId tenant, Instant now) {
        return plan(tenant).chain(plan -> {
            Map<RetentionCategory, Long> deleted = new EnumMap<>(RetentionCategory.class);
            Map<String, Object> audited = new TreeMap<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RetentionCategory category : List.of(RetentionCategory.CHECK_EVIDENCE,
                    RetentionCategory.CONSENT_HISTORY_AFTER_WITHDRAWAL, RetentionCategory.SETTLED_PRIVACY_REQUESTS,
                    RetentionCategory.AUDIT_ENTRIES)) {
                OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(Duration.ofDays(plan.days().get(category))), ZoneOffset.UTC);
                Uni<Long> purged = category == RetentionCategory.AUDIT_ENTRIES ? auditEntries(tenant, plan.holds(), cutoff, now, audited)
                        : batches(tenant, sql(category), arguments(plan.holds(), cutoff), 0L);
                chain = chain.chain(() -> purged
                        .invoke(count -> deleted.put(category, count))
                        .replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            failed.increment();
                            LOG.warnf("Retention purge of %s for tenant %s failed (%s): purged again at the next run", category,
                                    tenant, e.getClass().getSimpleName());
                            return null;
                        }));
            }
            return chain.chain(() -> {
                Map<String, Long> counts = new TreeMap<>();
                deleted.forEach((category, count) -> counts.put(category.name(), count));
                return runs.record(tenant, UUID.randomUUID(), OWNER, plan.version(), counts, now).chain(() -> {
                    if (counts.values().stream().mapToLong(Long::longValue).sum() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    audited.putAll(counts);
                    return transactions.inTransaction(tenant, () -> audit.record(tenant, AuditAction.RETENTION_PURGED, null, audited));
                });
            }).map(done -> deleted);
        });
    }

    /**
     * The tenant's audit entries past the limit (docs/adr/0061); a held request keeps its entries and every later one, a
     * held subject those of the requests about it. The checkpoint left goes into {@code audited}.
     */
    private Uni<Long> auditEntries(TenantId tenant, RetentionPolicies.Holds holds, OffsetDateTime cutoff, Instant now,
                                   Map<String, Object> audited) {
        return heldRequests(tenant, holds)
                .chain(held -> checkpoints.purge(tenant, cutoff.toInstant(), now, held, config.retention().batchSize()))
                .map(removed -> {
                    if (removed.entries() > 0) {
                        audited.put("checkpointSeq", removed.checkpoint().seq());
                        audited.put("checkpointHash", removed.checkpoint().hash());
                    }
                    return removed.entries();
                });
    }

    /** The requests held themselves, and those about a held subject. */
    private Uni<List<UUID>> heldRequests(TenantId tenant, RetentionPolicies.Holds holds) {
        List<UUID> held = new ArrayList<>(holds.requestIds());
        if (holds.emailIndexes().isEmpty() && holds.phoneIndexes().isEmpty() && holds.contactIds().isEmpty()) {
            return Uni.createFrom().item(held);
        }
        List<Object> arguments = arguments(holds, null);
        return transactions.statement(tenant, """
                        select id from privacy_request where tenant_id = $1 and (subject_email_indexes && cast($2 as text[])
                            or subject_phone_indexes && cast($2 as text[]) or subject_contact_ids && cast($3 as uuid[]))""",
                        Tuple.of(tenant.value(), arguments.get(1), arguments.get(2)))
                .map(rows -> {
                    rows.forEach(row -> held.add(row.getUUID("id")));
                    return held;
                });
    }

    private Uni<Plan> plan(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "select version from retention_policy_version where tenant_id = :tenant", Integer.class)
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .chain(versions -> versions.isEmpty() ? policies.publish(tenant) : Uni.createFrom().item(versions.get(0)))
                .chain(version -> policies.limits(tenant).chain(limits -> policies.holds(tenant).map(holds -> {
                    Map<RetentionCategory, Integer> days = new EnumMap<>(RetentionCategory.class);
                    limits.forEach((category, limit) -> days.put(category, limit.days()));
                    return new Plan(version, days, holds);
                }))));
    }

    private static String sql(RetentionCategory category) {
        return switch (category) {
            case CHECK_EVIDENCE -> CHECK_EVIDENCE;
            case CONSENT_HISTORY_AFTER_WITHDRAWAL -> CONSENT_HISTORY;
            case SETTLED_PRIVACY_REQUESTS -> SETTLED_REQUESTS;
            default -> throw new IllegalArgumentException(category + " is not purged by a statement of " + OWNER);
        };
    }

    /** $2 the cutoff, $3 held blind indexes, $4 held contact ids, $6 held requests ($4 as text for consent states). */
    private static List<Object> arguments(RetentionPolicies.Holds holds, OffsetDateTime cutoff) {
        List<String> indexes = new ArrayList<>(holds.emailIndexes());
        indexes.addAll(holds.phoneIndexes());
        List<Object> arguments = new ArrayList<>();
        arguments.add(cutoff);
        arguments.add(indexes.toArray(String[]::new));
        arguments.add(holds.contactIds().toArray(UUID[]::new));
        arguments.add(holds.requestIds().toArray(UUID[]::new));
        return arguments;
    }

    private Uni<Long> batches(TenantId tenant, String sql, List<Object> arguments, long soFar) {
        int size = config.retention().batchSize();
        Tuple tuple = Tuple.of(tenant.value(), arguments.get(0), arguments.get(1), arguments.get(2), size);
        if (sql.contains("$6")) {
            tuple.addValue(arguments.get(3));
        }
        return transactions.statement(tenant, sql, tuple)
                .map(rows -> rows.iterator().next())
                .chain(row -> {
                    long total = soFar + row.getLong("deleted");
                    return row.getLong("keys") < size ? Uni.createFrom().item(total) : batches(tenant, sql, arguments, total);
                });
    }
}

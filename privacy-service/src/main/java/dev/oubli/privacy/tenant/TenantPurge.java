package dev.oubli.privacy.tenant;

import dev.oubli.events.EventType;
import dev.oubli.events.TenantPurgeRequested;
import dev.oubli.events.TenantPurged;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.privacy.ServiceSigningKey;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantRows;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The purge at the end of a termination (docs/adr/0051), one tenant at a time: started (purge_started_at, and
 * {@link TenantPurgeRequested} to every owner through the outbox), published again while an owner's answer is late,
 * and once every owner answered, privacy-service deletes its own rows of the tenant and the registry row keeps only
 * its id, dates and a purge certificate signed with the service key; a last, certified request lets the owners remove
 * the outbox rows of their answers, and the sweep removes this service's own once published.
 */
@ApplicationScoped
public class TenantPurge {

    static final String OWNER = "privacy-service";
    private static final String PRODUCER = "privacy";
    /** The registry row stays (id, dates, certificate); the answers go in the certifying transaction. */
    private static final Set<String> KEPT = Set.of("tenant", "tenant_purge_receipt");
    private static final int SWEEP_BATCH = 100;
    private static final Logger LOG = Logger.getLogger(TenantPurge.class);

    /** Where a tenant's purge stands, as {@link #advance} found it. */
    public enum Step { STARTED, WAITING, PUBLISHED_AGAIN, CERTIFIED, CLEANED, NONE }

    private final TenantTransactions transactions;
    private final TenantRows rows;
    private final TenantRegistry registry;
    private final Outbox outbox;
    private final ServiceSigningKey key;
    private final PrivacyConfig config;
    private final Vertx vertx;

    TenantPurge(TenantTransactions transactions, TenantRows rows, TenantRegistry registry, Outbox outbox, ServiceSigningKey key,
                PrivacyConfig config, Vertx vertx) {
        this.transactions = transactions;
        this.rows = rows;
        this.registry = registry;
        this.outbox = outbox;
        this.key = key;
        this.config = config;
        this.vertx = vertx;
    }

    /**
     * The tenants, of every tenant, whose purge has something to do at {@code now}: TERMINATING past the grace period,
     * or PURGED within the day (their last outbox row). Read-only, through the {@code sweep} policy (V43).
     */
    Uni<List<UUID>> due(Instant now) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select set_config('oubli.privacy_sweep', 'on', true)").getSingleResult()
                        .chain(() -> session.createNativeQuery("""
                                        select tenant_id::text from tenant
                                        where status = 'TERMINATING' and access_ends_at <= :now
                                           or status = 'PURGED' and purged_at > cast(:now as timestamptz) - interval '1 day'
                                        order by tenant_id limit :limit""", String.class)
                                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                                .setParameter("limit", SWEEP_BATCH)
                                .getResultList())))
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    /** Takes the tenant's purge one step further at {@code now}; nothing for a tenant that is not due. */
    public Uni<Step> advance(UUID tenant, Instant now) {
        TenantId id = new TenantId(tenant);
        return transactions.statement(id, """
                        select status, access_ends_at, purge_started_at, purge_published_at, purge_attempts,
                               (select coalesce(jsonb_object_agg(owner, counts), '{}'::jsonb) from tenant_purge_receipt r
                                where r.tenant_id = t.tenant_id) as answers,
                               exists (select 1 from outbox_event o where o.tenant_id = t.tenant_id and o.topic = $2
                                       and o.published_at is null and o.parked_at is null) as withdrawal_pending
                        from tenant t where tenant_id = $1""", Tuple.of(tenant, Topics.PRIVACY_ERASURE_LEDGER))
                .chain(found -> {
                    if (!found.iterator().hasNext()) {
                        return Uni.createFrom().item(Step.NONE);
                    }
                    Row row = found.iterator().next();
                    String status = row.getString("status");
                    if ("PURGED".equals(status)) {
                        return cleanOwnOutbox(id);
                    }
                    OffsetDateTime accessEndsAt = row.getOffsetDateTime("access_ends_at");
                    if (!"TERMINATING".equals(status) || accessEndsAt == null || accessEndsAt.toInstant().isAfter(now)) {
                        return Uni.createFrom().item(Step.NONE);
                    }
                    if (row.getOffsetDateTime("purge_started_at") == null) {
                        return publish(id, 1, now, true).replaceWith(Step.STARTED);
                    }
                    JsonObject answers = (JsonObject) row.getValue("answers");
                    // Not before the tenant's erasures left the ledger: certifying deletes the outbox rows withdrawing them.
                    if (answers.fieldNames().containsAll(config.tenants().purgeOwners()) && !row.getBoolean("withdrawal_pending")) {
                        return certify(id, answers, now).replaceWith(Step.CERTIFIED);
                    }
                    OffsetDateTime published = row.getOffsetDateTime("purge_published_at");
                    if (published == null || published.toInstant().plus(config.tenants().purgeAnswerTimeout()).isBefore(now)) {
                        return publish(id, row.getInteger("purge_attempts") + 1, now, false).replaceWith(Step.PUBLISHED_AGAIN);
                    }
                    return Uni.createFrom().item(Step.WAITING);
                });
    }

    /**
     * An owner's answer: the first one per owner is kept (a redelivered or re-published purge answers with zero
     * counts, which must not replace the real ones). Ignored unless the tenant's purge is under way.
     */
    public Uni<Void> recordAnswer(TenantId tenant, TenantPurged answer) {
        return transactions.statement(tenant, """
                        insert into tenant_purge_receipt (tenant_id, owner, counts)
                        select $1::uuid, $2::varchar, $3::jsonb from tenant
                        where tenant_id = $1 and status = 'TERMINATING' and purge_started_at is not null
                        on conflict (tenant_id, owner) do nothing""",
                        Tuple.of(tenant.value(), answer.owner(), new JsonObject(new LinkedHashMap<String, Object>(answer.counts()))))
                .invoke(result -> {
                    LOG.infof("Tenant %s: purge answer of %s %s", tenant, answer.owner(),
                            result.rowCount() == 1 ? "recorded" : "ignored (already answered, or no purge under way)");
                    if (result.rowCount() == 1) {
                        advanceSoon(tenant);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * After a new answer, the purge's next step at once (certified when it was the last answer), not at the next sweep:
     * on a context of its own, so the receipts' consumer does not wait for the certification (privacy-service's own
     * rows of the tenant deleted in batches). A failure is left to the sweep, which tries again.
     */
    private void advanceSoon(TenantId tenant) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> advance(tenant.value(), Instant.now()).subscribe().with(
                step -> LOG.debugf("Tenant %s: purge step %s after an answer", tenant, step),
                failed -> LOG.infof("Tenant %s: purge step after an answer failed (%s); the sweep tries again", tenant,
                        failed.getClass().getSimpleName())));
    }

    /** The purge certificate of a PURGED tenant, else 404. */
    public Uni<TenantPurgeCertificate> certificate(UUID tenant) {
        return transactions.statement(new TenantId(tenant),
                        "select purge_certificate, purge_certificate_signature from tenant where tenant_id = $1 and status = 'PURGED'",
                        Tuple.of(tenant))
                .map(found -> {
                    if (!found.iterator().hasNext()) {
                        throw ProblemException.notFound("This tenant has no purge certificate: it is issued once the tenant is PURGED.");
                    }
                    Row row = found.iterator().next();
                    return new TenantPurgeCertificate(row.getString("purge_certificate"), row.getString("purge_certificate_signature"));
                });
    }

    private Uni<Void> publish(TenantId tenant, int attempt, Instant now, boolean start) {
        return transactions.inTransaction(tenant, () -> Panache.getSession()
                        .chain(session -> session.createNativeQuery("update tenant set " + (start ? "purge_started_at = :now, " : "")
                                        + "purge_published_at = :now, purge_attempts = :attempt where tenant_id = :tenant")
                                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                                .setParameter("attempt", attempt)
                                .setParameter("tenant", tenant.value())
                                .executeUpdate())
                        .chain(() -> withdrawErasures(tenant))
                        .chain(() -> outbox.append(tenant, Topics.PRIVACY_TENANT_PURGES, Topics.tenantKey(tenant.value()),
                                EventType.TENANT_PURGE_REQUESTED.ceType(), new TenantPurgeRequested(attempt, false, now))))
                .invoke(() -> registry.forget(tenant.value()))
                .invoke(() -> LOG.infof("Tenant %s: purge published (attempt %d)", tenant, attempt))
                .replaceWithVoid();
    }

    /**
     * The tenant's erasures withdrawn from the ledger of erasures (docs/adr/0058): a tombstone per request id, with each
     * publication of the purge, so that no owner's start-up pass applies them again and records an outcome row of a
     * purged tenant. A key the ledger never held (an erasure never published) gets a tombstone too, which is harmless.
     */
    private Uni<Integer> withdrawErasures(TenantId tenant) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "select cast(id as varchar) from privacy_request where tenant_id = :tenant and type = 'ERASURE'", String.class)
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> outbox.appendTombstone(tenant, Topics.PRIVACY_ERASURE_LEDGER,
                                Topics.requestKey(UUID.fromString(id)), EventType.PRIVACY_REQUEST_SUBMITTED.ceType()))
                        .collect().asList().map(List::size));
    }

    /**
     * Every owner answered: the append-only records first (erasure certificates reference requests), then every other
     * table of this service, then, in one transaction, the signed certificate, PURGED, and the certified request.
     */
    private Uni<Void> certify(TenantId tenant, JsonObject answers, Instant now) {
        return purgeAppendOnly(tenant, 0, 0)
                .chain(appendOnly -> rows.purge(tenant, KEPT).map(own -> {
                    Map<String, Long> counts = new TreeMap<>(own);
                    counts.putAll(appendOnly);
                    return counts;
                }))
                .chain(own -> transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session
                                .createNativeQuery("""
                                        select termination_requested_at, access_ends_at, purge_started_at, created_at
                                        from tenant where tenant_id = :tenant and status = 'TERMINATING'""", Object[].class)
                                .setParameter("tenant", tenant.value())
                                .getResultList()
                                .chain(found -> {
                                    if (found.isEmpty()) {
                                        return Uni.createFrom().voidItem(); // certified meanwhile by another instance
                                    }
                                    Object[] dates = found.get(0);
                                    Instant purgedAt = now.truncatedTo(ChronoUnit.MILLIS);
                                    String document = TenantPurgeCertificate.document(tenant, answers, own, dates, purgedAt);
                                    return session.createNativeQuery("""
                                                    update tenant set status = 'PURGED', slug = null, display_name = null, privacy_contact = null,
                                                        locale = default, time_zone = default, purged_at = :purgedAt,
                                                        purge_certificate = :document, purge_certificate_signature = :signature
                                                    where tenant_id = :tenant and status = 'TERMINATING'""")
                                            .setParameter("purgedAt", OffsetDateTime.ofInstant(purgedAt, ZoneOffset.UTC))
                                            .setParameter("document", document)
                                            .setParameter("signature", key.sign(document))
                                            .setParameter("tenant", tenant.value())
                                            .executeUpdate()
                                            .chain(() -> session.createNativeQuery("delete from tenant_purge_receipt where tenant_id = :tenant")
                                                    .setParameter("tenant", tenant.value())
                                                    .executeUpdate())
                                            .chain(() -> outbox.append(tenant, Topics.PRIVACY_TENANT_PURGES, Topics.tenantKey(tenant.value()),
                                                    EventType.TENANT_PURGE_REQUESTED.ceType(), new TenantPurgeRequested(1, true, now)))
                                            .replaceWithVoid();
                                })))
                        .invoke(() -> registry.forget(tenant.value()))
                        .invoke(() -> LOG.infof("Tenant %s: PURGED, certificate signed (%d row(s) of its own)", tenant,
                                own.values().stream().mapToLong(Long::longValue).sum())));
    }

    /** The audit log and erasure certificates, which only the database function of V48 may delete, in batches. */
    private Uni<Map<String, Long>> purgeAppendOnly(TenantId tenant, long audits, long certificates) {
        return transactions.statement(tenant, "select audit_events, erasure_certificates from purge_tenant_records($1)",
                        Tuple.of(TenantRows.BATCH))
                .chain(result -> {
                    Row row = result.iterator().next();
                    long a = row.getLong("audit_events");
                    long c = row.getLong("erasure_certificates");
                    return a + c == 0
                            ? Uni.createFrom().item(Map.of("audit_event", audits, "erasure_certificate", certificates))
                            : purgeAppendOnly(tenant, audits + a, certificates + c);
                });
    }

    /** The last event of a purged tenant, once published: nothing of the tenant stays in this service's tables. */
    private Uni<Step> cleanOwnOutbox(TenantId tenant) {
        return transactions.statement(tenant, "delete from outbox_event where tenant_id = $1 and published_at is not null",
                Tuple.of(tenant.value())).map(result -> result.rowCount() > 0 ? Step.CLEANED : Step.NONE);
    }
}

package dev.oubli.privacy.export;

import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Exports waiting for chunks that do not come (a chunk lost, or dead-lettered; docs/adr/0050): every owner answered,
 * yet the bundle is still ASSEMBLING {@code chunk-timeout} after its last progress (doubling after each re-request).
 * The owners are asked again ({@link Late#ASK_AGAIN}) up to {@code chunk-attempts} times, then the export is FAILED
 * with the reason {@link #CHUNKS_MISSING}. Chunks arriving later still complete it.
 */
@ApplicationScoped
public class ExportChunkWait {

    /** The reason code of an export given up on. */
    public static final String CHUNKS_MISSING = "CHUNKS_MISSING";
    private static final int SWEEP_BATCH = 500;

    /** The decision for one waiting export. */
    public enum Late { NOT_LATE, ASK_AGAIN, GIVE_UP }

    private final PrivacyConfig config;
    private final TenantTransactions transactions;
    private final AuditService audit;

    ExportChunkWait(PrivacyConfig config, TenantTransactions transactions, AuditService audit) {
        this.config = config;
        this.transactions = transactions;
        this.audit = audit;
    }

    /** Late exports of every tenant at {@code now}: read across tenants, read-only. */
    public Uni<List<Map.Entry<TenantId, UUID>>> late(Instant now) {
        return Panache.withTransaction(() -> session().chain(session -> session
                        .createNativeQuery("select set_config('oubli.privacy_sweep', 'on', true)").getSingleResult()
                        .chain(() -> session.createNativeQuery(LATE.formatted(""), Object[].class)
                                .setParameter("now", at(now))
                                .setParameter("timeout", seconds(config.exports().chunkTimeout()))
                                .setParameter("limit", SWEEP_BATCH)
                                .getResultList())))
                .map(rows -> rows.stream().map(row -> Map.entry(new TenantId(UUID.fromString((String) row[0])),
                        UUID.fromString((String) row[1]))).toList());
    }

    /** The same, for one tenant (tests move the clock forward). */
    public Uni<List<Map.Entry<TenantId, UUID>>> late(TenantId tenant, Instant now) {
        return transactions.inTransaction(tenant, () -> session().chain(session -> session
                        .createNativeQuery(LATE.formatted("and tenant_id = :tenant"), Object[].class)
                        .setParameter("now", at(now))
                        .setParameter("timeout", seconds(config.exports().chunkTimeout()))
                        .setParameter("limit", SWEEP_BATCH)
                        .setParameter("tenant", tenant.value())
                        .getResultList()))
                .map(rows -> rows.stream().map(row -> Map.entry(tenant, UUID.fromString((String) row[1]))).toList());
    }

    private static final String LATE = """
            select tenant_id::text, request_id::text from export_bundle
            where parts_known and assembled_at is null and destroyed_at is null and failed_at is null %s
              and waiting_since + make_interval(secs => :timeout * power(2, least(chunk_requests, 20))) < :now
            order by waiting_since limit :limit""";

    /**
     * Decides for one export at {@code now}, in the caller's transaction, and records it: ASK_AGAIN counts the
     * re-request and restarts the clock (the caller publishes the request again); GIVE_UP marks the export FAILED
     * ({@link #CHUNKS_MISSING}, audited).
     */
    public Uni<Late> decide(TenantId tenant, UUID requestId, Instant now) {
        return session().chain(session -> session.createNativeQuery("""
                                select chunk_requests from export_bundle
                                where tenant_id = :tenant and request_id = :request and parts_known and assembled_at is null
                                  and destroyed_at is null and failed_at is null
                                  and waiting_since + make_interval(secs => :timeout * power(2, least(chunk_requests, 20))) < :now
                                for update""", Integer.class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .setParameter("timeout", seconds(config.exports().chunkTimeout()))
                        .setParameter("now", at(now))
                        .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(Late.NOT_LATE);
                    }
                    int requests = rows.get(0);
                    if (requests < config.exports().chunkAttempts()) {
                        return session.createNativeQuery("""
                                        update export_bundle set chunk_requests = chunk_requests + 1, waiting_since = :now
                                        where tenant_id = :tenant and request_id = :request""")
                                .setParameter("now", at(now))
                                .setParameter("tenant", tenant.value())
                                .setParameter("request", requestId)
                                .executeUpdate()
                                .replaceWith(Late.ASK_AGAIN);
                    }
                    return session.createNativeQuery("""
                                    update export_bundle set failed_at = :now, failure_reason = :reason
                                    where tenant_id = :tenant and request_id = :request""")
                            .setParameter("now", at(now))
                            .setParameter("reason", CHUNKS_MISSING)
                            .setParameter("tenant", tenant.value())
                            .setParameter("request", requestId)
                            .executeUpdate()
                            .chain(() -> audit.record(tenant, AuditAction.EXPORT_FAILED, requestId,
                                    Map.of("reason", CHUNKS_MISSING, "requestedAgain", requests)))
                            .replaceWith(Late.GIVE_UP);
                }));
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static long seconds(Duration duration) {
        return Math.max(duration.toSeconds(), 1);
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}

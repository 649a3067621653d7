package dev.oubli.privacy.export;

import dev.oubli.events.ExportChunk;
import dev.oubli.outbox.Inbox;
import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.problem.ProblemException;
import dev.oubli.sealing.ExportKeyPair;
import dev.oubli.sealing.ExportSealing;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * End-to-end encrypted exports (docs/adr/0006): the request's one-off key pair, the owners' ciphertext chunks,
 * one ZIP once every part is in, its signed link, and the destruction of key and bundle at expiry.
 */
@ApplicationScoped
public class ExportService {

    static final String CHUNKS_CONSUMER = "privacy-service.exports";
    private static final Logger LOG = Logger.getLogger(ExportService.class);

    private final TenantTransactions transactions;
    private final Inbox inbox;
    private final AuditService audit;
    private final ExportLinks links;
    private final PrivacyConfig config;
    private final Vertx vertx;

    ExportService(TenantTransactions transactions, Inbox inbox, AuditService audit, ExportLinks links, PrivacyConfig config,
                  Vertx vertx) {
        this.vertx = vertx;
        this.transactions = transactions;
        this.inbox = inbox;
        this.audit = audit;
        this.links = links;
        this.config = config;
    }

    /** A new key pair for the request, in the caller's transaction: the private half is kept, the public half returned. */
    public Uni<String> prepare(TenantId tenant, UUID requestId) {
        ExportKeyPair keys = ExportSealing.newKeyPair();
        return session().chain(session -> session.createNativeQuery("""
                        insert into export_bundle (tenant_id, request_id, private_keyset) values (:tenant, :request, :key)""")
                .setParameter("tenant", tenant.value())
                .setParameter("request", requestId)
                .setParameter("key", keys.privateKeyset())
                .executeUpdate()).replaceWith(keys.publicKeyset());
    }

    /** An owner's receipt announced {@code chunks} chunks of its part (caller's transaction). */
    public Uni<Void> expectPart(TenantId tenant, UUID requestId, String owner, long chunks) {
        if (chunks <= 0) {
            return Uni.createFrom().voidItem();
        }
        return session().chain(session -> session.createNativeQuery("""
                        insert into export_part (tenant_id, request_id, owner, expected_chunks)
                        select tenant_id, request_id, :owner, :chunks from export_bundle
                        where tenant_id = :tenant and request_id = :request and destroyed_at is null
                        on conflict do nothing""")
                .setParameter("tenant", tenant.value())
                .setParameter("request", requestId)
                .setParameter("owner", owner)
                .setParameter("chunks", (int) chunks)
                .executeUpdate()).replaceWithVoid();
    }

    /** Every owner has answered: the parts announced are all there will be (caller's transaction). */
    public Uni<Void> partsKnown(TenantId tenant, UUID requestId) {
        return session().chain(session -> session.createNativeQuery(
                                "update export_bundle set parts_known = true where tenant_id = :tenant and request_id = :request")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .executeUpdate())
                .chain(() -> assembleIfReady(tenant, requestId));
    }

    /** A chunk from {@code privacy.exports.v1}, applied once (inbox), then the bundle if it was the last one. */
    Uni<Void> recordChunk(TenantId tenant, UUID eventId, ExportChunk chunk) {
        return transactions.inTransaction(tenant, () -> inbox.firstDelivery(tenant, CHUNKS_CONSUMER, eventId).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            return session().chain(session -> session.createNativeQuery("""
                            insert into export_chunk (tenant_id, request_id, owner, chunk_index, chunk_count, ciphertext, sealed_at)
                            select tenant_id, request_id, :owner, :index, :count, :ciphertext, :sealedAt from export_bundle
                            where tenant_id = :tenant and request_id = :request and destroyed_at is null and assembled_at is null
                            on conflict do nothing""")
                    .setParameter("tenant", tenant.value())
                    .setParameter("request", chunk.requestId())
                    .setParameter("owner", chunk.owner())
                    .setParameter("index", chunk.index())
                    .setParameter("count", chunk.count())
                    .setParameter("ciphertext", chunk.ciphertext())
                    .setParameter("sealedAt", OffsetDateTime.ofInstant(chunk.sealedAt(), ZoneOffset.UTC))
                    .executeUpdate()).chain(inserted -> {
                if (inserted == 0) {
                    LOG.infof("Export chunk of %s for request %s: ignored (held already, or no open export)", chunk.owner(), chunk.requestId());
                    return Uni.createFrom().voidItem();
                }
                return assembleIfReady(tenant, chunk.requestId());
            });
        }));
    }

    /**
     * Assembles the bundle once every owner has answered and every chunk announced is in (caller's transaction). The
     * last chunks and the last receipt arrive in concurrent transactions, each of which calls this: the bundle's row is
     * locked first, in a statement of its own, so that the count, a later statement, sees whatever the transactions
     * that held the lock before committed (read committed takes a snapshot per statement). Counted in the locking
     * statement, two transactions could each miss the other's uncommitted chunk, and the bundle would never assemble.
     */
    private Uni<Void> assembleIfReady(TenantId tenant, UUID requestId) {
        return session().chain(session -> session.createNativeQuery("""
                                select 1 from export_bundle where tenant_id = :tenant and request_id = :request for update""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .getResultList()
                .chain(() -> session.createNativeQuery("""
                                select b.private_keyset,
                                       (select count(*) from export_part p where p.tenant_id = b.tenant_id and p.request_id = b.request_id
                                          and p.expected_chunks > (select count(*) from export_chunk c where c.tenant_id = p.tenant_id
                                                                     and c.request_id = p.request_id and c.owner = p.owner))
                                from export_bundle b
                                where b.tenant_id = :tenant and b.request_id = :request and b.parts_known
                                  and b.assembled_at is null and b.destroyed_at is null""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .getResultList())
                .chain(rows -> {
                    if (rows.isEmpty() || ((Number) rows.get(0)[1]).longValue() > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    String privateKeyset = (String) rows.get(0)[0];
                    return session.createNativeQuery("""
                                    select c.owner, c.chunk_index, c.chunk_count, c.ciphertext, (extract(epoch from c.sealed_at) * 1000)::bigint
                                    from export_chunk c join export_part p
                                      on p.tenant_id = c.tenant_id and p.request_id = c.request_id and p.owner = c.owner
                                    -- Only the owners due that announced their part: a chunk from anyone else is left out.
                                    where c.tenant_id = :tenant and c.request_id = :request order by c.owner, c.chunk_index""",
                                    Object[].class)
                            .setParameter("tenant", tenant.value())
                            .setParameter("request", requestId)
                            .getResultList()
                            // Decrypting and zipping is CPU work of any size: on a worker, back on this context after.
                            .chain(chunks -> vertx.executeBlocking(Uni.createFrom().item(() -> assemble(requestId, privateKeyset, chunks))))
                            .chain(bundle -> store(session, tenant, requestId, bundle));
                }));
    }

    private static byte[] assemble(UUID requestId, String privateKeyset, List<Object[]> rows) {
        Map<String, List<ExportChunk>> byOwner = new TreeMap<>();
        for (Object[] row : rows) {
            byOwner.computeIfAbsent((String) row[0], owner -> new ArrayList<>()).add(new ExportChunk(requestId, (String) row[0],
                    ((Number) row[1]).intValue(), ((Number) row[2]).intValue(), (String) row[3],
                    Instant.ofEpochMilli(((Number) row[4]).longValue())));
        }
        Map<String, byte[]> parts = new TreeMap<>();
        try {
            for (Map.Entry<String, List<ExportChunk>> owner : byOwner.entrySet()) {
                parts.put(owner.getKey(), ExportSealing.open(privateKeyset, requestId, owner.getKey(), owner.getValue()));
            }
            return ExportBundleZip.assemble(requestId, parts, Instant.now());
        } catch (GeneralSecurityException | IOException unusable) {
            // Class only: the message could quote a part.
            throw new IllegalStateException("export of request " + requestId + " cannot be assembled (" + unusable.getClass().getSimpleName() + ")");
        }
    }

    private Uni<Void> store(Mutiny.Session session, TenantId tenant, UUID requestId, byte[] bundle) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String sha256 = ExportBundleZip.sha256(bundle);
        return session.createNativeQuery("""
                        update export_bundle set bundle = :bundle, bundle_sha256 = :sha256, assembled_at = :now, expires_at = :expires
                        where tenant_id = :tenant and request_id = :request""")
                .setParameter("bundle", bundle)
                .setParameter("sha256", sha256)
                .setParameter("now", now)
                .setParameter("expires", now.plus(config.exports().retention()))
                .setParameter("tenant", tenant.value())
                .setParameter("request", requestId)
                .executeUpdate()
                // The chunks are in the bundle now; the key stays until the bundle expires.
                .chain(() -> session.createNativeQuery("delete from export_chunk where tenant_id = :tenant and request_id = :request")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .executeUpdate())
                .chain(() -> audit.record(tenant, AuditAction.EXPORT_ASSEMBLED, requestId, Map.of("sha256", sha256, "bytes", bundle.length)))
                .invoke(() -> LOG.infof("Export of request %s assembled (%d bytes)", requestId, bundle.length));
    }

    /** The bundle's state and, once assembled and until it expires, its signed link. */
    public Uni<ExportStatus> status(TenantId tenant, UUID requestId) {
        return transactions.inTransaction(tenant, () -> session().chain(session -> session.createNativeQuery("""
                                select assembled_at is not null, destroyed_at is not null, (extract(epoch from expires_at))::bigint, bundle_sha256,
                                       (select count(*) from export_part p where p.tenant_id = b.tenant_id and p.request_id = b.request_id),
                                       (select count(*) from export_chunk c where c.tenant_id = b.tenant_id and c.request_id = b.request_id)
                                from export_bundle b where tenant_id = :tenant and request_id = :request""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .getResultList()))
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("There is no export for this request: only ACCESS and PORTABILITY requests have one.");
                    }
                    Object[] row = rows.get(0);
                    boolean assembled = (Boolean) row[0];
                    boolean destroyed = (Boolean) row[1];
                    Instant expires = row[2] == null ? null : Instant.ofEpochSecond(((Number) row[2]).longValue());
                    String state = destroyed ? "DESTROYED" : assembled ? "READY" : "ASSEMBLING";
                    String link = "READY".equals(state) ? links.link(tenant.value(), requestId, expires) : null;
                    return new ExportStatus(state, link, expires, (String) row[3], ((Number) row[4]).intValue(), ((Number) row[5]).intValue());
                });
    }

    /**
     * The bundle behind a signed link; the download is audited.
     *
     * @throws ProblemException 403 for a link this service did not sign, 410 once it expired or the bundle was destroyed
     */
    Uni<byte[]> download(UUID tenantId, UUID requestId, long expires, String signature) {
        if (!links.holds(tenantId, requestId, expires, signature)) {
            return Uni.createFrom().failure(ProblemException.forbidden("export-link-invalid", "Invalid export link",
                    "This link was not issued by the service, or was changed."));
        }
        if (Instant.now().getEpochSecond() > expires) {
            return Uni.createFrom().failure(gone());
        }
        TenantId tenant = new TenantId(tenantId);
        return transactions.inTransaction(tenant, () -> session().chain(session -> session.createNativeQuery("""
                                select bundle, bundle_sha256 from export_bundle
                                where tenant_id = :tenant and request_id = :request and destroyed_at is null and bundle is not null""",
                                Object[].class)
                        .setParameter("tenant", tenantId)
                        .setParameter("request", requestId)
                        .getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().failure(gone());
                    }
                    byte[] bundle = (byte[]) rows.get(0)[0];
                    return audit.record(tenant, AuditAction.EXPORT_DOWNLOADED, requestId, Map.of("sha256", rows.get(0)[1]))
                            .replaceWith(bundle);
                }));
    }

    private static ProblemException gone() {
        return new ProblemException(410, "export-expired", "Export expired", "This export has expired and was destroyed.");
    }

    /** Destroys the request's key, chunks and bundle now (caller's transaction), for example when it is cancelled. */
    public Uni<Void> destroy(TenantId tenant, UUID requestId) {
        return session().chain(session -> session.createNativeQuery("""
                                update export_bundle set private_keyset = null, bundle = null, destroyed_at = now()
                                where tenant_id = :tenant and request_id = :request and destroyed_at is null""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .executeUpdate()
                        .chain(destroyed -> session.createNativeQuery("delete from export_chunk where tenant_id = :tenant and request_id = :request")
                                .setParameter("tenant", tenant.value())
                                .setParameter("request", requestId)
                                .executeUpdate()
                                .chain(() -> destroyed == 0 ? Uni.createFrom().voidItem()
                                        : audit.record(tenant, AuditAction.EXPORT_DESTROYED, requestId, Map.of()))))
                .replaceWithVoid();
    }

    /**
     * Destroys every bundle expired by {@code now}, and the keys of exports never assembled within the retention.
     *
     * @return how many were destroyed
     */
    public Uni<Integer> destroyExpired(Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        return Panache.withTransaction(() -> session().chain(session -> session
                        .createNativeQuery("select set_config('oubli.privacy_sweep', 'on', true)").getSingleResult()
                        .chain(() -> session.createNativeQuery("""
                                        select tenant_id::text, request_id::text from export_bundle
                                        where destroyed_at is null and (expires_at < :now or (expires_at is null and created_at < :cutoff))
                                        limit 500""", Object[].class)
                                .setParameter("now", at)
                                .setParameter("cutoff", at.minus(config.exports().retention()))
                                .getResultList())))
                .chain(rows -> {
                    Uni<Integer> done = Uni.createFrom().item(0);
                    for (Object[] row : rows) {
                        TenantId tenant = new TenantId(UUID.fromString((String) row[0]));
                        UUID request = UUID.fromString((String) row[1]);
                        // Each bundle on its own: one that fails is logged (ids) and destroyed at the next run; the others go on.
                        done = done.chain(count -> transactions.inTransaction(tenant, () -> destroy(tenant, request)).replaceWith(count + 1)
                                .onFailure().recoverWithItem(e -> {
                                    LOG.warnf("Export %s of tenant %s not destroyed (%s): tried again at the next run", request, tenant,
                                            e.getClass().getSimpleName());
                                    return count;
                                }));
                    }
                    return done;
                });
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}

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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
    private final BundleEncryption encryption;
    private final Vertx vertx;
    private final Event<ExportReady> ready;
    private final ExportDelivery delivery;

    ExportService(TenantTransactions transactions, Inbox inbox, AuditService audit, ExportLinks links, PrivacyConfig config,
                  BundleEncryption encryption, Vertx vertx, Event<ExportReady> ready, ExportDelivery delivery) {
        this.ready = ready;
        this.delivery = delivery;
        this.encryption = encryption;
        this.vertx = vertx;
        this.transactions = transactions;
        this.inbox = inbox;
        this.audit = audit;
        this.links = links;
        this.config = config;
    }

    /**
     * A new key pair for the request, in the caller's transaction: the private half is kept sealed under the request's
     * new data key, itself kept wrapped (docs/adr/0025); the public half is returned.
     */
    public Uni<String> prepare(TenantId tenant, UUID requestId) {
        ExportKeyPair keys = ExportSealing.newKeyPair();
        byte[] wrappedDataKey = encryption.newWrappedDataKey(tenant.value(), requestId);
        byte[] sealedPrivateKeyset;
        try {
            sealedPrivateKeyset = encryption.dataKey(wrappedDataKey, tenant.value(), requestId).sealPrivateKeyset(keys.privateKeyset());
        } catch (GeneralSecurityException unusable) {
            return Uni.createFrom().failure(new IllegalStateException("the data key just made does not open", unusable));
        }
        return session().chain(session -> session.createNativeQuery("""
                        insert into export_bundle (tenant_id, request_id, wrapped_data_key, sealed_private_keyset)
                        values (:tenant, :request, :dataKey, :privateKeyset)""")
                .setParameter("tenant", tenant.value())
                .setParameter("request", requestId)
                .setParameter("dataKey", wrappedDataKey)
                .setParameter("privateKeyset", sealedPrivateKeyset)
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
                                "update export_bundle set parts_known = true, waiting_since = now() where tenant_id = :tenant and request_id = :request")
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
     * Assembles the bundle once every owner has answered and each owner's part is in whole, all its chunks of one
     * sealing (caller's transaction; an owner asked again seals again, docs/adr/0050). The last chunks and the last
     * receipt arrive in concurrent transactions, each of which calls this: the bundle's row is locked first, in a
     * statement of its own (which also restarts the wait for chunks: progress), so that the count, a later statement,
     * sees whatever the transactions that held the lock before committed (read committed takes a snapshot per
     * statement). Counted in the locking statement, two transactions could each miss the other's uncommitted chunk,
     * and the bundle would never assemble.
     */
    private Uni<Void> assembleIfReady(TenantId tenant, UUID requestId) {
        return session().chain(session -> session.createNativeQuery("""
                                update export_bundle set waiting_since = now() where tenant_id = :tenant and request_id = :request""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .executeUpdate()
                .chain(() -> session.createNativeQuery("""
                                select b.wrapped_data_key, b.sealed_private_keyset,
                                       (select count(*) from export_part p where p.tenant_id = b.tenant_id and p.request_id = b.request_id
                                          and not exists (""" + WHOLE_SEALING.formatted("p") + """
                                          )),
                                       b.failed_at is not null
                                from export_bundle b
                                where b.tenant_id = :tenant and b.request_id = :request and b.parts_known
                                  and b.assembled_at is null and b.destroyed_at is null""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .getResultList())
                .chain(rows -> {
                    if (rows.isEmpty() || ((Number) rows.get(0)[2]).longValue() > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    byte[] wrappedDataKey = (byte[]) rows.get(0)[0];
                    byte[] sealedPrivateKeyset = (byte[]) rows.get(0)[1];
                    boolean hadFailed = (Boolean) rows.get(0)[3];
                    return session.createNativeQuery("""
                                    select c.owner, c.chunk_index, c.chunk_count, c.ciphertext, (extract(epoch from c.sealed_at) * 1000)::bigint
                                    from export_chunk c join export_part p
                                      on p.tenant_id = c.tenant_id and p.request_id = c.request_id and p.owner = c.owner
                                    -- Only the owners due that announced their part: a chunk from anyone else is left out.
                                    -- Each owner's first whole sealing: never chunks of two sealings mixed.
                                    where c.tenant_id = :tenant and c.request_id = :request
                                      and c.sealed_at = (""" + WHOLE_SEALING.formatted("c") + """
                                                         order by s.sealed_at limit 1)
                                    order by c.owner, c.chunk_index""",
                                    Object[].class)
                            .setParameter("tenant", tenant.value())
                            .setParameter("request", requestId)
                            .getResultList()
                            // Decrypting and zipping is CPU work of any size: on a worker, back on this context after.
                            .chain(chunks -> vertx.executeBlocking(Uni.createFrom().item(
                                    () -> assemble(tenant, requestId, wrappedDataKey, sealedPrivateKeyset, chunks))))
                            .chain(bundle -> store(session, tenant, requestId, bundle))
                            // Delivered after all: the request FAILED with its export takes back its status (docs/adr/0054).
                            .chain(() -> hadFailed ? delivery.deliveredAfterAll(tenant, requestId) : Uni.createFrom().voidItem());
                }));
    }

    /** The sealed_at of an owner's whole sealings (all its chunks in), for the owner of the row aliased {@code %s}. */
    private static final String WHOLE_SEALING = """
            select s.sealed_at from export_chunk s where s.tenant_id = %1$s.tenant_id and s.request_id = %1$s.request_id
              and s.owner = %1$s.owner group by s.sealed_at having count(*) = max(s.chunk_count) and min(s.chunk_count) = max(s.chunk_count)""";

    /** The assembled bundle, encrypted: its ciphertext segments, and the size and SHA-256 of its plaintext. */
    private record EncryptedBundle(List<byte[]> segments, ExportBundleZip.Written written) {
    }

    private EncryptedBundle assemble(TenantId tenant, UUID requestId, byte[] wrappedDataKey, byte[] sealedPrivateKeyset, List<Object[]> rows) {
        Map<String, List<ExportChunk>> byOwner = new TreeMap<>();
        for (Object[] row : rows) {
            byOwner.computeIfAbsent((String) row[0], owner -> new ArrayList<>()).add(new ExportChunk(requestId, (String) row[0],
                    ((Number) row[1]).intValue(), ((Number) row[2]).intValue(), (String) row[3],
                    Instant.ofEpochMilli(((Number) row[4]).longValue())));
        }
        Map<String, byte[]> parts = new TreeMap<>();
        try {
            BundleEncryption.DataKey dataKey = encryption.dataKey(wrappedDataKey, tenant.value(), requestId);
            String privateKeyset = dataKey.openPrivateKeyset(sealedPrivateKeyset);
            for (Map.Entry<String, List<ExportChunk>> owner : byOwner.entrySet()) {
                parts.put(owner.getKey(), ExportSealing.open(privateKeyset, requestId, owner.getKey(), owner.getValue()));
            }
            // The ZIP is written straight into the encryption, never held whole in clear (the parts still are, here).
            BundleEncryption.BundleSegments encrypted = dataKey.encryptBundle();
            ExportBundleZip.Written written;
            try (encrypted) {
                written = ExportBundleZip.assemble(requestId, parts, Instant.now(), encrypted);
            }
            return new EncryptedBundle(encrypted.segments(), written);
        } catch (GeneralSecurityException | IOException unusable) {
            // Class only: the message could quote a part.
            throw new IllegalStateException("export of request " + requestId + " cannot be assembled (" + unusable.getClass().getSimpleName() + ")");
        }
    }

    private Uni<Void> store(Mutiny.Session session, TenantId tenant, UUID requestId, EncryptedBundle bundle) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String sha256 = bundle.written().sha256();
        long bytes = bundle.written().bytes();
        Uni<Void> stored = Uni.createFrom().voidItem();
        for (int i = 0; i < bundle.segments().size(); i++) {
            int segment = i;
            stored = stored.chain(() -> session.createNativeQuery("""
                            insert into export_bundle_segment (tenant_id, request_id, segment, ciphertext)
                            values (:tenant, :request, :segment, :ciphertext)""")
                    .setParameter("tenant", tenant.value())
                    .setParameter("request", requestId)
                    .setParameter("segment", segment)
                    .setParameter("ciphertext", bundle.segments().get(segment))
                    .executeUpdate()
                    .replaceWithVoid());
        }
        return stored
                .chain(() -> session.createNativeQuery("""
                                update export_bundle set bundle_bytes = :bytes, segments = :segments, bundle_sha256 = :sha256,
                                       assembled_at = :now, expires_at = :expires, failed_at = null, failure_reason = null
                                where tenant_id = :tenant and request_id = :request""")
                        .setParameter("bytes", bytes)
                        .setParameter("segments", bundle.segments().size())
                        .setParameter("sha256", sha256)
                        .setParameter("now", now)
                        .setParameter("expires", now.plus(config.exports().retention()))
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .executeUpdate())
                // The chunks are in the bundle now; the key stays until the bundle expires.
                .chain(() -> session.createNativeQuery("delete from export_chunk where tenant_id = :tenant and request_id = :request")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .executeUpdate())
                .chain(() -> audit.record(tenant, AuditAction.EXPORT_ASSEMBLED, requestId, Map.of("sha256", sha256, "bytes", bytes)))
                .chain(() -> takeAddress(session, tenant, requestId))
                .invoke(address -> {
                    LOG.infof("Export of request %s assembled (%d bytes, %d segments)", requestId, bytes, bundle.segments().size());
                    if (address != null) {
                        Instant expires = now.plus(config.exports().retention()).toInstant();
                        ready.fireAsync(new ExportReady(tenant, requestId, address, links.link(tenant.value(), requestId, expires), expires));
                    }
                })
                .replaceWithVoid();
    }

    /**
     * The verified self-service subject's address, kept for this moment (docs/adr/0041), and deleted: the link goes to it
     * and the service then holds no raw identifier. Null for a staff request.
     */
    private static Uni<String> takeAddress(Mutiny.Session session, TenantId tenant, UUID requestId) {
        return session.createNativeQuery("select email from request_contact_point where tenant_id = :tenant and request_id = :request",
                        String.class)
                .setParameter("tenant", tenant.value())
                .setParameter("request", requestId)
                .getResultList()
                .chain(addresses -> addresses.isEmpty() ? Uni.createFrom().<String>nullItem()
                        : session.createNativeQuery("delete from request_contact_point where tenant_id = :tenant and request_id = :request")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .executeUpdate()
                        .replaceWith(addresses.get(0)));
    }

    /** The bundle's state and, once assembled and until it expires, its signed link. */
    public Uni<ExportStatus> status(TenantId tenant, UUID requestId) {
        return transactions.inTransaction(tenant, () -> session().chain(session -> session.createNativeQuery("""
                                select assembled_at is not null, destroyed_at is not null, (extract(epoch from expires_at))::bigint, bundle_sha256,
                                       failure_reason,
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
                    String reason = (String) row[4];
                    String state = destroyed ? "DESTROYED" : assembled ? "READY" : reason != null ? "FAILED" : "ASSEMBLING";
                    String link = "READY".equals(state) ? links.link(tenant.value(), requestId, expires) : null;
                    return new ExportStatus(state, "FAILED".equals(state) ? reason : null, link, expires, (String) row[3],
                            ((Number) row[5]).intValue(), ((Number) row[6]).intValue());
                });
    }

    /** What a valid link opens: the request's data key and the number of stored segments. */
    record Download(TenantId tenant, UUID requestId, BundleEncryption.DataKey dataKey, int segments) {
    }

    /**
     * Checks a signed link and opens the bundle behind it; the download is audited.
     *
     * @throws ProblemException 403 for a link this service did not sign, 410 once it expired or the bundle was destroyed
     */
    Uni<Download> download(UUID tenantId, UUID requestId, long expires, String signature) {
        if (!links.holds(tenantId, requestId, expires, signature)) {
            return Uni.createFrom().failure(ProblemException.forbidden("export-link-invalid", "Invalid export link",
                    "This link was not issued by the service, or was changed."));
        }
        if (Instant.now().getEpochSecond() > expires) {
            return Uni.createFrom().failure(gone());
        }
        TenantId tenant = new TenantId(tenantId);
        return transactions.inTransaction(tenant, () -> session().chain(session -> session.createNativeQuery("""
                                select wrapped_data_key, segments, bundle_sha256 from export_bundle
                                where tenant_id = :tenant and request_id = :request and destroyed_at is null and segments is not null""",
                                Object[].class)
                        .setParameter("tenant", tenantId)
                        .setParameter("request", requestId)
                        .getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().failure(gone());
                    }
                    Download download;
                    try {
                        download = new Download(tenant, requestId, encryption.dataKey((byte[]) rows.get(0)[0], tenantId, requestId),
                                ((Number) rows.get(0)[1]).intValue());
                    } catch (GeneralSecurityException unusable) {
                        return Uni.createFrom().failure(new IllegalStateException("the data key of request " + requestId + " does not open"));
                    }
                    return audit.record(tenant, AuditAction.EXPORT_DOWNLOADED, requestId, Map.of("sha256", rows.get(0)[2]))
                            .replaceWith(download);
                }));
    }

    /**
     * The bundle's plaintext, one stored segment at a time (each read in a short transaction of its own): about two
     * segments in memory whatever the bundle's size. Decrypting 1 MiB is a millisecond's work, done where it arrives.
     * A bundle destroyed meanwhile ends the stream with a failure, and the client holds a truncated ZIP.
     */
    Multi<byte[]> plaintext(Download download) {
        BundleEncryption.Decryption decryption;
        try {
            decryption = download.dataKey().decryptBundle();
        } catch (GeneralSecurityException | IOException unusable) {
            return Multi.createFrom().failure(new IllegalStateException("the bundle of request " + download.requestId() + " cannot be decrypted"));
        }
        return Multi.createFrom().range(0, download.segments())
                .onItem().transformToUniAndConcatenate(segment -> transactions.inTransaction(download.tenant(), () -> session()
                                .chain(session -> session.createNativeQuery("""
                                                select ciphertext, segment from export_bundle_segment
                                                where tenant_id = :tenant and request_id = :request and segment = :segment""", Object[].class)
                                        .setParameter("tenant", download.tenant().value())
                                        .setParameter("request", download.requestId())
                                        .setParameter("segment", segment)
                                        .getResultList()))
                        .map(rows -> {
                            if (rows.isEmpty()) {
                                throw new IllegalStateException("the bundle of request " + download.requestId() + " was destroyed while downloaded");
                            }
                            return decrypted(() -> decryption.feed((byte[]) rows.get(0)[0]));
                        }))
                .onCompletion().continueWith(() -> List.of(decrypted(decryption::finish)))
                .select().where(bytes -> bytes.length > 0);
    }

    private interface Step {
        byte[] run() throws IOException;
    }

    private static byte[] decrypted(Step step) {
        try {
            return step.run();
        } catch (IOException changedOrCut) {
            throw new IllegalStateException("an export bundle's ciphertext does not decrypt (" + changedOrCut.getClass().getSimpleName() + ")");
        }
    }

    private static ProblemException gone() {
        return new ProblemException(410, "export-expired", "Export expired", "This export has expired and was destroyed.");
    }

    /**
     * Destroys the request's keys, chunks and bundle now (caller's transaction), for example when it is cancelled: the
     * wrapped data key is what matters (crypto-shredding, docs/adr/0025); the rows go too, to free their space.
     */
    public Uni<Void> destroy(TenantId tenant, UUID requestId) {
        return session().chain(session -> session.createNativeQuery("""
                                update export_bundle set wrapped_data_key = null, sealed_private_keyset = null, destroyed_at = now()
                                where tenant_id = :tenant and request_id = :request and destroyed_at is null""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .executeUpdate()
                        // Without the data key these are noise wherever a copy is left; deleted to free the space now.
                        .chain(destroyed -> session.createNativeQuery("delete from export_bundle_segment where tenant_id = :tenant and request_id = :request")
                                .setParameter("tenant", tenant.value())
                                .setParameter("request", requestId)
                                .executeUpdate()
                                .replaceWith(destroyed))
                        .chain(destroyed -> takeAddress(session, tenant, requestId).replaceWith(destroyed))
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

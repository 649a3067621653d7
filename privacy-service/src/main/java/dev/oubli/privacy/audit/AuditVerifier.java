package dev.oubli.privacy.audit;

import dev.oubli.events.AuditAnchored;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;
import java.util.UUID;

/**
 * Recomputes a tenant's chain page by page (keyset pagination on {@code seq}, each page in a transaction of its own) from
 * its signed checkpoint (docs/adr/0061), or from the genesis hash when nothing was ever removed, and compares it with
 * the newest anchor published outside the database (docs/adr/0026); names the first entry that does not hold. The
 * anchors are read first: any anchor there is for an entry committed before the chain is read.
 */
@ApplicationScoped
class AuditVerifier {

    /** Entries read per page: memory stays bounded whatever the chain's length. */
    static final int PAGE = 1000;

    private final TenantTransactions transactions;
    private final AuditAnchors anchors;
    private final AuditCheckpoints checkpoints;

    AuditVerifier(TenantTransactions transactions, AuditAnchors anchors, AuditCheckpoints checkpoints) {
        this.transactions = transactions;
        this.anchors = anchors;
        this.checkpoints = checkpoints;
    }

    Uni<AuditVerification> verify(TenantId tenant) {
        return anchors.read(tenant).chain(reading -> checkpoints.read(tenant).chain(checkpoint -> fromCheckpoint(tenant, reading, checkpoint)
                .chain(result -> {
                    if (result.firstBroken() == null || !"SEQUENCE_GAP".equals(result.firstBroken().problem())) {
                        return Uni.createFrom().item(result);
                    }
                    // A purge may have moved the checkpoint while the pages were read: then once more from the new one.
                    return checkpoints.read(tenant).chain(now -> Objects.equals(now, checkpoint) ? Uni.createFrom().item(result)
                            : fromCheckpoint(tenant, reading, now));
                })));
    }

    private Uni<AuditVerification> fromCheckpoint(TenantId tenant, AuditAnchors.Reading reading, AuditCheckpoint checkpoint) {
        AuditAnchored anchor = reading.latest();
        AuditVerification.Anchor shown = anchor == null ? null
                : new AuditVerification.Anchor(anchor.seq(), anchor.hash(), anchor.anchoredAt());
        AuditVerification.Checkpoint start = checkpoint == null ? null
                : new AuditVerification.Checkpoint(checkpoint.seq(), checkpoint.hash(), checkpoint.removedAt());
        if (checkpoint != null && !checkpoints.holds(tenant, checkpoint)) {
            // Moved or made by someone who cannot sign: the entries it claims removed may have been cut unseen.
            return Uni.createFrom().item(new AuditVerification(false, 0, new AuditVerification.BrokenEntry(checkpoint.seq(), null,
                    "CHECKPOINT_FORGED"), shown, start));
        }
        Progress first = checkpoint == null ? new Progress(0, AuditChain.GENESIS, false, 0)
                : new Progress(checkpoint.seq(), checkpoint.hash(), false, 0);
        if (anchor != null && checkpoint != null && anchor.seq() <= checkpoint.seq()) {
            // The anchored entry was removed since: the checkpoint stands for it (the same entry: the same hash).
            if (anchor.seq() == checkpoint.seq() && !anchor.hash().equals(checkpoint.hash())) {
                return Uni.createFrom().item(new AuditVerification(false, 0,
                        new AuditVerification.BrokenEntry(checkpoint.seq(), null, "ANCHOR_MISMATCH"), shown, start));
            }
            first = new Progress(first.seq(), first.hash(), true, 0);
        }
        return pages(tenant, anchor, first).map(result -> {
            AuditVerification found = new AuditVerification(result.intact(), result.entries(), result.firstBroken(), shown, start);
            if (found.intact() && reading.forged() > 0) {
                // Something under the tenant's key that the service did not sign: someone tried to move the anchor.
                return new AuditVerification(false, found.entries(), new AuditVerification.BrokenEntry(
                        anchor == null ? 0 : anchor.seq(), null, "ANCHOR_FORGED"), shown, start);
            }
            return found;
        });
    }

    /** How far the verification has come: the last entry checked, its hash, whether the anchored entry was met, how many. */
    private record Progress(long seq, String hash, boolean anchorMet, long checked) {
    }

    private Uni<AuditVerification> pages(TenantId tenant, AuditAnchored anchor, Progress progress) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session
                        .createNativeQuery(AuditService.COLUMNS + " where tenant_id = :tenant and seq > :after order by seq limit :limit", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("after", progress.seq())
                        .setParameter("limit", PAGE)
                        .getResultList()))
                .chain(rows -> {
                    String previous = progress.hash();
                    long expectedSeq = progress.seq() + 1;
                    long checked = progress.checked();
                    boolean anchorMet = progress.anchorMet();
                    for (Object[] row : rows) {
                        long seq = ((Number) row[0]).longValue();
                        UUID id = UUID.fromString((String) row[1]);
                        String problem = null;
                        if (seq != expectedSeq) {
                            problem = "SEQUENCE_GAP";
                        } else if (!previous.equals(row[6])) {
                            problem = "CHAIN_MISMATCH";
                        } else if (!recomputed(tenant, row).equals(row[7])) {
                            problem = "HASH_MISMATCH";
                        } else if (anchor != null && seq == anchor.seq() && !anchor.hash().equals(row[7])) {
                            // A chain that holds together but is not the one anchored: rewritten from some entry on.
                            problem = "ANCHOR_MISMATCH";
                        }
                        if (problem != null) {
                            return Uni.createFrom().item(new AuditVerification(false, checked,
                                    new AuditVerification.BrokenEntry(seq, id, problem), null, null));
                        }
                        anchorMet |= anchor != null && seq == anchor.seq();
                        previous = (String) row[7];
                        expectedSeq = seq + 1;
                        checked++;
                    }
                    Progress next = new Progress(expectedSeq - 1, previous, anchorMet, checked);
                    if (rows.size() == PAGE) {
                        return pages(tenant, anchor, next);
                    }
                    if (anchor != null && !anchorMet) {
                        // The chain ends before the entry anchored outside: its newest entries were removed.
                        return Uni.createFrom().item(new AuditVerification(false, checked,
                                new AuditVerification.BrokenEntry(anchor.seq(), null, "TRUNCATED"), null, null));
                    }
                    return Uni.createFrom().item(new AuditVerification(true, checked, null, null, null));
                });
    }

    private static String recomputed(TenantId tenant, Object[] row) {
        return AuditChain.hash((String) row[6], tenant.value(), ((Number) row[0]).longValue(), UUID.fromString((String) row[1]),
                AuditService.instant(row[2]), (String) row[3], row[4] == null ? null : UUID.fromString((String) row[4]), (String) row[5]);
    }
}

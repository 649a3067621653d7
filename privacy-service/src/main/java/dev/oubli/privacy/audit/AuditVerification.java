package dev.oubli.privacy.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * The result of recomputing a tenant's audit chain and comparing it with its newest anchor (docs/adr/0026).
 *
 * @param entries     how many entries were checked and held
 * @param firstBroken the first entry that does not hold (null when the chain is intact)
 * @param anchor      the newest anchor published for the tenant that the service signed (null when there is none yet:
 *                    then only the chain itself was checked, which its owner could have rewritten or cut)
 * @param checkpoint  the signed checkpoint the chain was verified from: its oldest entries up to it were removed by the
 *                    retention purge (docs/adr/0061); null when none ever was, the chain then starting at entry 1
 */
public record AuditVerification(boolean intact, long entries, BrokenEntry firstBroken, Anchor anchor, Checkpoint checkpoint) {

    /**
     * @param id      null when the entry is missing
     * @param problem {@code HASH_MISMATCH} (the entry was changed), {@code CHAIN_MISMATCH} (its previous hash is not the
     *                previous entry's), {@code SEQUENCE_GAP} (an entry before it is missing), {@code ANCHOR_MISMATCH}
     *                (the chain holds together but this entry is not the one anchored: rewritten and recomputed),
     *                {@code TRUNCATED} (the anchored entry is gone: the newest entries were removed),
     *                {@code ANCHOR_FORGED} (the anchor topic holds, under the tenant's key, an anchor the service did
     *                not sign), {@code CHECKPOINT_FORGED} (the checkpoint the chain starts from is not one the service
     *                signed: moved or made in the database)
     */
    public record BrokenEntry(long seq, UUID id, String problem) {
    }

    /** The head published outside the database: its entry's number and hash, and when it was anchored. */
    public record Anchor(long seq, String hash, Instant anchoredAt) {
    }

    /** The last entry removed by the retention purge: the chain starts after it, from its hash. */
    public record Checkpoint(long seq, String hash, Instant removedAt) {
    }
}

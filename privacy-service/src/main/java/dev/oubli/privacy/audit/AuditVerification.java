package dev.oubli.privacy.audit;

import java.util.UUID;

/**
 * The result of recomputing a tenant's audit chain.
 *
 * @param entries    how many entries were checked
 * @param firstBroken the first entry that does not hold (null when the chain is intact)
 */
public record AuditVerification(boolean intact, long entries, BrokenEntry firstBroken) {

    /**
     * @param problem {@code HASH_MISMATCH} (the entry was changed), {@code CHAIN_MISMATCH} (its previous hash is not the
     *                previous entry's), {@code SEQUENCE_GAP} (an entry before it is missing)
     */
    public record BrokenEntry(long seq, UUID id, String problem) {
    }
}

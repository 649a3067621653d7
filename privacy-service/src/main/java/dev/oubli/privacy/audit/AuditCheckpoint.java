package dev.oubli.privacy.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * The last entry removed from a tenant's audit chain by the retention purge (docs/adr/0061): every entry up to
 * {@code seq} is gone, the next kept entry chains to {@code hash}. Signed with the service key, so that the database
 * owner can neither move it nor make one.
 */
public record AuditCheckpoint(long seq, String hash, Instant removedAt, String signature) {

    /** The exact text the signature covers: a type of its own, never taken for an anchor or a certificate. */
    static String signedText(UUID tenant, long seq, String hash, Instant removedAt) {
        return String.join("\n", "oubli-audit-checkpoint-v1", tenant.toString(), Long.toString(seq), hash, removedAt.toString());
    }
}

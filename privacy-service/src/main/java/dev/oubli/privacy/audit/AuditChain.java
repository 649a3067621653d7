package dev.oubli.privacy.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The hash of an audit entry: SHA-256 over the previous entry's hash and every field of this one, so that
 * changing, inserting or removing an entry breaks the chain from there on.
 */
final class AuditChain {

    /** The previous hash of a tenant's first entry. */
    static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    static String hash(String previousHash, UUID tenant, long seq, UUID id, Instant occurredAt, String action,
                       UUID requestId, String details) {
        String text = String.join("\n", previousHash, tenant.toString(), Long.toString(seq), id.toString(),
                occurredAt.toString(), action, requestId == null ? "" : requestId.toString(), details);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }
}

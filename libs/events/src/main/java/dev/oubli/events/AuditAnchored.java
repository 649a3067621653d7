package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The head of a tenant's audit chain in privacy-service (docs/adr/0026), published outside its database so that
 * removing or rewriting the newest entries there no longer verifies. Signed with the service's Ed25519 key (the one
 * that signs erasure certificates, verifiable with its public key): an anchor written by anyone else does not verify.
 *
 * @param seq        the entry's number in the tenant's chain (1, 2, 3, ...)
 * @param hash       the entry's hash: 64 lower-case hex characters
 * @param signature  base64url (no padding) Tink Ed25519 signature of
 *                   {@code oubli-audit-anchor-v1\n<tenantId>\n<seq>\n<hash>\n<anchoredAt>}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditAnchored(
        UUID tenantId,
        long seq,
        String hash,
        Instant anchoredAt,
        String signature) implements OubliEvent {

    private static final Pattern HASH = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+$");

    public AuditAnchored {
        Objects.requireNonNull(tenantId, "tenantId");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("hash must be 64 lower-case hex characters");
        }
        Objects.requireNonNull(anchoredAt, "anchoredAt");
        if (signature == null || !BASE64URL.matcher(signature).matches()) {
            throw new IllegalArgumentException("signature must be base64url without padding");
        }
    }

    /** The exact bytes the signature covers. */
    public static String signedText(UUID tenantId, long seq, String hash, Instant anchoredAt) {
        return String.join("\n", "oubli-audit-anchor-v1", tenantId.toString(), Long.toString(seq), hash, anchoredAt.toString());
    }
}

package dev.oubli.privacy.audit;

/**
 * The newest entry of a tenant's audit chain: its number and hash ({@code seq} 0 and the genesis hash before the
 * first entry).
 */
public record AuditHead(long seq, String hash) {
}

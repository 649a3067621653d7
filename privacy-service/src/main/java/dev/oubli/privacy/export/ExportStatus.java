package dev.oubli.privacy.export;

import java.time.Instant;

/**
 * Where a request's export stands.
 *
 * @param state      {@code ASSEMBLING} (waiting for owners' chunks), {@code READY}, {@code DESTROYED}
 * @param link       the signed download link while READY (relative), else null
 * @param expiresAt  when the bundle, its key and its link expire
 * @param parts      owners' parts announced so far
 * @param chunksHeld chunks received and not yet assembled
 */
public record ExportStatus(String state, String link, Instant expiresAt, String sha256, int parts, int chunksHeld) {
}

package dev.oubli.privacy.export;

import java.time.Instant;

/**
 * Where a request's export stands.
 *
 * @param state      {@code ASSEMBLING} (waiting for owners' chunks), {@code READY}, {@code DESTROYED}, or {@code FAILED}
 *                   when chunks never came despite the re-requests (docs/adr/0050); late chunks still make it READY
 * @param reason     why it FAILED, a code ({@code CHUNKS_MISSING}); else null
 * @param link       the signed download link while READY (relative), else null
 * @param expiresAt  when the bundle, its key and its link expire
 * @param parts      owners' parts announced so far
 * @param chunksHeld chunks received and not yet assembled
 */
public record ExportStatus(String state, String reason, String link, Instant expiresAt, String sha256, int parts, int chunksHeld) {
}

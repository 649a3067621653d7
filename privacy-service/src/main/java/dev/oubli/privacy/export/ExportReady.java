package dev.oubli.privacy.export;

import dev.oubli.tenancy.TenantId;

import java.time.Instant;
import java.util.UUID;

/**
 * A verified self-service subject's export bundle is assembled: its signed (relative) download link goes to the address
 * they proved (docs/adr/0041). {@link #toString()} leaves the address and the link out, so no log quotes them.
 */
public record ExportReady(TenantId tenant, UUID requestId, String address, String link, Instant expiresAt) {

    @Override
    public String toString() {
        return "ExportReady[tenant=" + tenant + ", requestId=" + requestId + "]";
    }
}

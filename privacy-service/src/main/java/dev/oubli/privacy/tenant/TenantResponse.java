package dev.oubli.privacy.tenant;

import java.time.Instant;
import java.util.UUID;

public record TenantResponse(UUID id, String slug, String displayName, TenantStatus status, String privacyContact,
                             String locale, String timeZone, Instant createdAt, Instant accessEndsAt) {

    static TenantResponse of(Tenant tenant) {
        return new TenantResponse(tenant.id(), tenant.slug(), tenant.displayName(), tenant.status(), tenant.privacyContact(),
                tenant.locale(), tenant.timeZone(), tenant.createdAt(), tenant.accessEndsAt());
    }
}

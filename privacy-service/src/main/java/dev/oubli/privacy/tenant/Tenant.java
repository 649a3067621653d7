package dev.oubli.privacy.tenant;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

/**
 * A tenant as the registry knows it (docs/adr/0038): what the portal shows, the settings read per tenant, and where
 * it stands. {@code accessEndsAt} is the end of a termination's grace period (null unless TERMINATING).
 */
public record Tenant(UUID id, String slug, String displayName, String privacyContact, String locale, String timeZone,
                     TenantStatus status, Instant createdAt, Instant accessEndsAt) {

    /**
     * Whether the tenant is served at {@code now}: ACTIVE, or TERMINATING within its grace period (its people can
     * still exercise their rights and it can export everything). Unknown, suspended, purged and past-grace tenants
     * get the same 404.
     */
    public boolean isServed(Instant now) {
        return status == TenantStatus.ACTIVE
                || status == TenantStatus.TERMINATING && accessEndsAt != null && now.isBefore(accessEndsAt);
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public Locale language() {
        return Locale.forLanguageTag(locale);
    }
}

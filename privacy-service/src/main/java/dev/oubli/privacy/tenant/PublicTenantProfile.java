package dev.oubli.privacy.tenant;

import java.util.UUID;

/** The body of {@code GET /public/tenants/{id}}: what a person's portal shows of the tenant, nothing internal. */
public record PublicTenantProfile(UUID id, String slug, String displayName, String privacyContact, String locale, String timeZone) {

    static PublicTenantProfile of(Tenant tenant) {
        return new PublicTenantProfile(tenant.id(), tenant.slug(), tenant.displayName(), tenant.privacyContact(),
                tenant.locale(), tenant.timeZone());
    }
}

package dev.oubli.privacy.tenant;

/**
 * The body of {@code PUT /api/tenants/{id}}.
 *
 * @param slug        lower-case letters, digits and single hyphens, at most 63 characters, unique
 * @param displayName 1 to 200 characters
 * @param status      ACTIVE when absent
 */
public record RegisterTenant(String slug, String displayName, TenantStatus status) {
}

package dev.oubli.privacy.tenant;

/**
 * The body of {@code PUT /api/tenants/{id}}.
 *
 * @param slug           lower-case letters, digits and single hyphens, at most 63 characters, unique
 * @param displayName    1 to 200 characters
 * @param status         ACTIVE when absent
 * @param privacyContact the address people write to about their data (an email address, at most 320 characters), optional
 * @param locale         a BCP 47 language tag, {@code fr-FR} when absent
 * @param timeZone       an IANA time zone, {@code Europe/Paris} when absent
 */
public record RegisterTenant(String slug, String displayName, TenantStatus status, String privacyContact, String locale,
                             String timeZone) {
}

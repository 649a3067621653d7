package dev.oubli.privacy.tenant;

/**
 * The body of {@code POST /api/tenants/{id}/termination}, optional.
 *
 * @param gracePeriodDays days of access left to export everything, 0 to 365; {@code oubli.privacy.tenants.grace-period}
 *                        when absent
 */
public record TerminateTenant(Integer gracePeriodDays) {
}

package dev.oubli.privacy.tenant;

/** Where a tenant stands; only an ACTIVE tenant is served on the public paths. */
public enum TenantStatus {
    ACTIVE, SUSPENDED, TERMINATING, PURGED
}

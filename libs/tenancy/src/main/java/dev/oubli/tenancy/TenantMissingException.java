package dev.oubli.tenancy;

/** The caller is authenticated but its token names no valid tenant: it may see no tenant's data. */
public class TenantMissingException extends RuntimeException {

    TenantMissingException() {
        super("The access token carries no valid tenant_id claim", null, false, false);
    }
}

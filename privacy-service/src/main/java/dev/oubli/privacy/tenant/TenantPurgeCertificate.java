package dev.oubli.privacy.tenant;

/**
 * A purged tenant's certificate (docs/adr/0051): the signed document (canonical JSON: the tenant id, its dates and
 * each owner's rows deleted per table) and its Ed25519 signature by the service key, base64url. Anyone checks it with
 * {@code POST /public/erasure-certificates/verification}, which takes the same two fields.
 */
public record TenantPurgeCertificate(String document, String signature) {
}

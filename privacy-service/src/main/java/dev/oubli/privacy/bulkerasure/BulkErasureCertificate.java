package dev.oubli.privacy.bulkerasure;

/**
 * A settled bulk erasure's certificate (docs/adr/0062): the signed document (canonical JSON: the bulk erasure, its
 * dates, the counts of every owner summed over its batches, and each batch's request with the SHA-256 of that request's
 * own erasure certificate) and its Ed25519 signature by the service key, base64url. Anyone checks it with
 * {@code POST /public/erasure-certificates/verification}, which takes the same two fields.
 */
public record BulkErasureCertificate(String document, String signature) {
}

package dev.oubli.privacy.certificate;

/**
 * A signed erasure certificate.
 *
 * @param document  the signed bytes as UTF-8 text: canonical JSON, to be verified exactly as given
 * @param signature base64url Tink Ed25519 signature of {@code document}
 */
public record ErasureCertificate(String document, String signature) {
}

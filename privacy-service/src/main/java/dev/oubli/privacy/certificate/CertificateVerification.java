package dev.oubli.privacy.certificate;

/** Whether a certificate's signature holds for its document under the service's public key. */
public record CertificateVerification(boolean valid) {
}

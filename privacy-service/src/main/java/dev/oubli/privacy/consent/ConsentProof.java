package dev.oubli.privacy.consent;

import java.time.Instant;

/**
 * How a consent change can be demonstrated (GDPR Art. 7(1)): a grant needs {@code collectedAt} and
 * {@code textVersion}, a withdrawal nothing (docs/adr/0021). The IP address and the user agent are personal data:
 * kept in the ledger as proof, erased with the subject, never logged or published.
 *
 * @param collectedAt       when the person acted, in the past (5 minutes of clock skew), not before 2000 (default for a
 *                          withdrawal: when the change was recorded)
 * @param textVersion       the version of the form or text the person agreed to or refused
 * @param ip                the IPv4 or IPv6 address the person acted from
 * @param userAgent         the person's browser or app
 * @param externalReference the tenant's own reference (an import batch, a CRM id)
 */
public record ConsentProof(Instant collectedAt, String textVersion, String ip, String userAgent, String externalReference) {

    public static final ConsentProof NONE = new ConsentProof(null, null, null, null, null);

    @Override
    public String toString() {
        return "ConsentProof[collectedAt=" + collectedAt + ", textVersion=" + textVersion + "]";
    }
}

package dev.oubli.privacy.consent;

import java.util.List;

/**
 * A subject's consents: the current state per channel and purpose, derived from the full history (oldest
 * first), and whether the subject is on the suppression list.
 */
public record SubjectConsents(List<CurrentConsent> current, List<ConsentChangeResponse> history, boolean suppressed) {
}

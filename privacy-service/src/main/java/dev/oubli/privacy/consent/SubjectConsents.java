package dev.oubli.privacy.consent;

import java.util.List;

/**
 * A subject's consents: the current state per channel and purpose, derived from the full history (oldest
 * first), whether the subject is on the suppression list, and whether its processing is restricted (a RESTRICTION
 * not lifted, docs/adr/0039).
 */
public record SubjectConsents(List<CurrentConsent> current, List<ConsentChangeResponse> history, boolean suppressed,
                              boolean restricted) {
}

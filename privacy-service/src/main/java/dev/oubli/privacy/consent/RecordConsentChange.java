package dev.oubli.privacy.consent;

import dev.oubli.events.ConsentSource;
import dev.oubli.events.ConsentState;
import dev.oubli.events.ContactChannel;
import dev.oubli.privacy.subject.SubjectIdentifiers;

/** The body of {@code POST /api/consents}: a consent given or withdrawn, with its proof. */
public record RecordConsentChange(
        SubjectIdentifiers subject,
        ContactChannel channel,
        String purpose,
        ConsentState state,
        ConsentSource source,
        ConsentProof proof) {
}

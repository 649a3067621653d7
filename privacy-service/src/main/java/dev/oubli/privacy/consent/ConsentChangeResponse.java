package dev.oubli.privacy.consent;

import dev.oubli.events.ConsentSource;
import dev.oubli.events.ConsentState;
import dev.oubli.events.ContactChannel;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of the ledger. {@code sequence} orders the changes of a tenant: the later change of a channel
 * and purpose is the current state. The subject is shown by blind index and contact id only.
 */
public record ConsentChangeResponse(
        UUID id,
        long sequence,
        String emailIndex,
        String phoneIndex,
        UUID contactId,
        ContactChannel channel,
        String purpose,
        ConsentState state,
        ConsentSource source,
        Instant recordedAt,
        ConsentProof proof,
        ConsentRecorder recordedBy) {
}

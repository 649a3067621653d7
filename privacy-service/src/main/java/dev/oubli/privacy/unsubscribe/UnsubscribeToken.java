package dev.oubli.privacy.unsubscribe;

import dev.oubli.subjectindex.BlindIndex;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * What an unsubscribe link stands for: stop contacting this subject of this tenant on this channel for this
 * purpose. The subject is the blind index of the address the message went to (the email's for EMAIL, the
 * phone number's for SMS and PHONE), not a contact id: the suppression list and the consent ledger are keyed
 * by blind index, and the link must keep working after the contact has been erased or re-imported.
 *
 * @param issuedAt when the message was sent, to the second: all that the token carries
 */
record UnsubscribeToken(UUID tenant, BlindIndex subject, Channel channel, Purpose purpose, Instant issuedAt) {

    UnsubscribeToken {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(purpose, "purpose");
        issuedAt = Objects.requireNonNull(issuedAt, "issuedAt").truncatedTo(ChronoUnit.SECONDS);
    }
}

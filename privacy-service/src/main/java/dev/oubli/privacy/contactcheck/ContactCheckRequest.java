package dev.oubli.privacy.contactcheck;

import dev.oubli.events.ContactChannel;
import dev.oubli.privacy.subject.SubjectIdentifiers;

import java.time.Instant;

/**
 * The body of {@code POST /api/contact-checks}: may this agent contact this person on this channel for this
 * purpose at this time?
 *
 * @param agentId   optional: the agent is the token's client ({@code azp}); if given it must be that client
 * @param plannedAt when the contact is planned; now if absent
 * @param timeZone  the recipient's time zone (IANA id) when known; else read from the phone number, else the
 *                  configured default
 */
public record ContactCheckRequest(
        String agentId, ContactChannel channel, String purpose, SubjectIdentifiers recipient, Instant plannedAt, String timeZone) {
}

package dev.oubli.contacts.contact;

import java.time.OffsetDateTime;

/** One entry of a contact's consent mirror: the last known state for a channel and purpose. */
public record ConsentResponse(String channel, String purpose, String state, String source, OffsetDateTime changedAt) {
}

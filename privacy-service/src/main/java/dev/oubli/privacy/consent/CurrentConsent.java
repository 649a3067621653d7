package dev.oubli.privacy.consent;

import dev.oubli.events.ConsentState;
import dev.oubli.events.ContactChannel;

import java.time.Instant;

/** The state of one channel and purpose: that of its latest change. */
public record CurrentConsent(ContactChannel channel, String purpose, ConsentState state, long sequence, Instant changedAt) {
}

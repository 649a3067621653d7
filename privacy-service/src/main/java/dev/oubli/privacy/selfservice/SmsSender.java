package dev.oubli.privacy.selfservice;

import io.smallrye.mutiny.Uni;

/** Sends a text message to a phone number (E.164). A provider's adapter is a later issue; locally, {@link LocalOutbox}. */
interface SmsSender {

    /** Fails when the message cannot be sent (no provider configured, provider down). */
    Uni<Void> send(String e164, String text);
}

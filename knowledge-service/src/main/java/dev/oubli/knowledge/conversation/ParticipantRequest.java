package dev.oubli.knowledge.conversation;

import java.util.UUID;

/** A participant as given: a contact id, an email address, a phone number (at least one). */
public record ParticipantRequest(UUID contactId, String email, String phone) {

    @Override
    public String toString() {
        return "ParticipantRequest[...]";
    }
}

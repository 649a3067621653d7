package dev.oubli.knowledge.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A person taking part in a conversation: a contact, an email address, a phone number, or several of them. */
@Entity
@Table(name = "conversation_participant")
class Participant {

    @Id
    UUID id;

    @Column(name = "tenant_id", nullable = false)
    UUID tenantId;

    @Column(name = "conversation_id", nullable = false)
    UUID conversationId;

    @Column(nullable = false)
    short position;

    @Column(name = "contact_id")
    UUID contactId;

    String email;

    String phone;

    @Column(name = "email_index")
    String emailIndex;

    @Column(name = "phone_index")
    String phoneIndex;

    @Override
    public String toString() {
        return "Participant[id=" + id + "]";
    }
}

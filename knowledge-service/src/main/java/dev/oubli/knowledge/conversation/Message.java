package dev.oubli.knowledge.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One message of a conversation, as the agent sent or received it. */
@Entity
@Table(name = "conversation_message")
class Message {

    @Id
    UUID id;

    @Column(name = "tenant_id", nullable = false)
    UUID tenantId;

    @Column(name = "conversation_id", nullable = false)
    UUID conversationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Direction direction;

    @Column(name = "sent_at", nullable = false)
    OffsetDateTime sentAt;

    @Column(nullable = false)
    String body;

    /** The pre-contact check that allowed it (ADR 0048); null when recorded without one. */
    @Column(name = "check_id")
    UUID checkId;

    /** The version of the AI disclosure text shown, as the check answered it. */
    @Column(name = "disclosure_version")
    String disclosureVersion;

    @Override
    public String toString() {
        return "Message[id=" + id + "]";
    }
}

package dev.oubli.knowledge.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A conversation of one of the tenant's AI agents with people, on one channel. Never leaves this package. */
@Entity
@Table(name = "conversation")
class Conversation {

    @Id
    UUID id;

    @Column(name = "tenant_id", nullable = false)
    UUID tenantId;

    @Column(nullable = false)
    String agent;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Channel channel;

    @Column(name = "started_at", nullable = false)
    OffsetDateTime startedAt;

    @Column(name = "last_activity_at", nullable = false)
    OffsetDateTime lastActivityAt;

    @Column(name = "ai_disclosed_at")
    OffsetDateTime aiDisclosedAt;

    String transcript;

    @Column(name = "created_at", nullable = false)
    OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;

    /** The pre-contact check that allowed it (ADR 0048); null when recorded without one. */
    @Column(name = "check_id")
    UUID checkId;

    /** The version of the AI disclosure text shown, as the check answered it. */
    @Column(name = "disclosure_version")
    String disclosureVersion;

    @Override
    public String toString() {
        return "Conversation[id=" + id + "]";
    }
}

package dev.oubli.knowledge.note;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A note of a tenant's AI Brain, possibly about one contact. Never leaves this package. */
@Entity
@Table(name = "note")
class Note {

    @Id
    UUID id;

    @Column(name = "tenant_id", nullable = false)
    UUID tenantId;

    @Column(name = "contact_id")
    UUID contactId;

    @Column(nullable = false)
    String title;

    @Column(nullable = false)
    String body;

    @Column(name = "created_at", nullable = false)
    OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;

    @Override
    public String toString() {
        return "Note[id=" + id + "]";
    }
}

package dev.oubli.knowledge.document;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A document of a tenant's AI Brain. Never leaves this package: the API speaks {@link DocumentSummary}. */
@Entity
@Table(name = "document")
class Document {

    @Id
    UUID id;

    @Column(name = "tenant_id", nullable = false)
    UUID tenantId;

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
        return "Document[id=" + id + "]";
    }
}

package dev.oubli.knowledge.document;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A document of a tenant's AI Brain: its title and the text extracted from what was uploaded (the original bytes are
 * not kept, docs/adr/0009). Never leaves this package.
 */
@Entity
@Table(name = "document")
class Document {

    @Id
    UUID id;

    @Column(name = "tenant_id", nullable = false)
    UUID tenantId;

    @Column(nullable = false)
    String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    DocumentFormat format;

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

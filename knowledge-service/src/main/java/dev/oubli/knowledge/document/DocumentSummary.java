package dev.oubli.knowledge.document;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A document in a listing: its text is read on its own. */
public record DocumentSummary(UUID id, String title, DocumentFormat format, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static DocumentSummary of(Document document) {
        return new DocumentSummary(document.id, document.title, document.format, document.createdAt, document.updatedAt);
    }
}

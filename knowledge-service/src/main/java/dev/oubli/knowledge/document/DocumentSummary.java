package dev.oubli.knowledge.document;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A document in a listing: its body is read on its own. */
public record DocumentSummary(UUID id, String title, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static DocumentSummary of(Document document) {
        return new DocumentSummary(document.id, document.title, document.createdAt, document.updatedAt);
    }
}

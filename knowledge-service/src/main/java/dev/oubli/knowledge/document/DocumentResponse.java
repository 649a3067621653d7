package dev.oubli.knowledge.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.oubli.knowledge.guard.GuardReport;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A document with its text; after a write, {@code guard} lists what the guard masked or warned about (offsets in {@code text}). */
public record DocumentResponse(UUID id, String title, DocumentFormat format, String text, OffsetDateTime createdAt,
                               OffsetDateTime updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) List<GuardReport> guard) {

    static DocumentResponse of(Document document, List<GuardReport> guard) {
        return new DocumentResponse(document.id, document.title, document.format, document.body, document.createdAt,
                document.updatedAt, guard);
    }

    @Override
    public String toString() {
        return "DocumentResponse[id=" + id + "]";
    }
}

package dev.oubli.knowledge.note;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A note in a listing: its body is read on its own. */
public record NoteSummary(UUID id, UUID contactId, String title, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static NoteSummary of(Note note) {
        return new NoteSummary(note.id, note.contactId, note.title, note.createdAt, note.updatedAt);
    }
}

package dev.oubli.knowledge.note;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.oubli.knowledge.guard.GuardReport;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A note; after a write, {@code guard} lists what the sensitive-data guard masked or warned about. */
public record NoteResponse(UUID id, UUID contactId, String title, String body, OffsetDateTime createdAt,
                           OffsetDateTime updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) List<GuardReport> guard) {

    static NoteResponse of(Note note, List<GuardReport> guard) {
        return new NoteResponse(note.id, note.contactId, note.title, note.body, note.createdAt, note.updatedAt, guard);
    }

    @Override
    public String toString() {
        return "NoteResponse[id=" + id + "]";
    }
}

package dev.oubli.knowledge.note;

import java.util.UUID;

/** The body of {@code POST /api/notes} and {@code PUT /api/notes/{id}}. */
public record NoteRequest(String title, String body, UUID contactId) {

    @Override
    public String toString() {
        return "NoteRequest[...]";
    }
}

package dev.oubli.knowledge.subject;

import java.util.Objects;

/** One row of the subject index for an item: a blind index (or a contact id) and how the item concerns that person. */
public record SubjectEntry(IdentifierKind kind, String identifier, SubjectRole role) {

    public SubjectEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(role, "role");
    }
}

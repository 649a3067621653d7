package dev.oubli.knowledge.subject;

import java.util.UUID;

/** Text around a mention of a subject, for an export: where it comes from and the passage itself. */
public record Passage(String source, UUID itemId, String text) {

    @Override
    public String toString() {
        return "Passage[source=" + source + ", itemId=" + itemId + "]";
    }
}

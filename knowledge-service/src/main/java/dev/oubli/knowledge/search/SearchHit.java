package dev.oubli.knowledge.search;

import java.util.UUID;

/**
 * One match: what it is ({@code DOCUMENT}, {@code NOTE}, {@code MESSAGE}, {@code TRANSCRIPT}), its id (for a message
 * or transcript, {@code conversationId} tells where to read it), its title when it has one, a snippet with the matched
 * words between {@code <mark>} and {@code </mark>}, and its rank (higher is better).
 */
public record SearchHit(String kind, UUID id, UUID conversationId, String title, String snippet, double rank) {

    @Override
    public String toString() {
        return "SearchHit[kind=" + kind + ", id=" + id + "]";
    }
}

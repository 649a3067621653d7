package dev.oubli.knowledge.conversation;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A message to record, in a new conversation or appended to one ({@code POST /api/conversations/{id}/messages}).
 * {@code checkId}, {@code disclosureVersion}: the pre-contact check that allowed an outbound message and the disclosure
 * version shown (ADR 0048); an initial message without them takes its conversation's.
 */
public record MessageRequest(Direction direction, OffsetDateTime sentAt, String body, UUID checkId, String disclosureVersion) {

    @Override
    public String toString() {
        return "MessageRequest[direction=" + direction + "]";
    }
}

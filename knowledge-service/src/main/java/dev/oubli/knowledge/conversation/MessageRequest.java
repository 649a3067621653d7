package dev.oubli.knowledge.conversation;

import java.time.OffsetDateTime;

/** A message to record, in a new conversation or appended to one ({@code POST /api/conversations/{id}/messages}). */
public record MessageRequest(Direction direction, OffsetDateTime sentAt, String body) {

    @Override
    public String toString() {
        return "MessageRequest[direction=" + direction + "]";
    }
}

package dev.oubli.knowledge.conversation;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The body of {@code POST /api/conversations} and {@code PUT /api/conversations/{id}}. {@code aiDisclosedAt}: when the
 * agent told the person they talk to an AI (absent: not told). {@code messages} are accepted on creation only; later
 * messages are appended.
 */
public record ConversationRequest(String agent, Channel channel, OffsetDateTime startedAt, List<ParticipantRequest> participants,
                                  OffsetDateTime aiDisclosedAt, String transcript, List<MessageRequest> messages) {

    @Override
    public String toString() {
        return "ConversationRequest[channel=" + channel + "]";
    }
}

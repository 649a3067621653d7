package dev.oubli.knowledge.conversation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The body of {@code POST /api/conversations} and {@code PUT /api/conversations/{id}}. {@code aiDisclosedAt}: when the
 * agent told the person they talk to an AI (absent: not told). {@code messages} are accepted on creation only; later
 * messages are appended.
 * {@code checkId} and {@code disclosureVersion}: the pre-contact check that allowed the conversation and the version of
 * the AI disclosure text shown (ADR 0048); required from an agent reaching out, written once (a PUT keeps them).
 */
public record ConversationRequest(String agent, Channel channel, OffsetDateTime startedAt, List<ParticipantRequest> participants,
                                  OffsetDateTime aiDisclosedAt, String transcript, List<MessageRequest> messages,
                                  UUID checkId, String disclosureVersion) {

    /** The same request, recorded for the agent the token names (an agent never records for another). */
    ConversationRequest recordedBy(String tokenAgent) {
        return new ConversationRequest(tokenAgent, channel, startedAt, participants, aiDisclosedAt, transcript, messages,
                checkId, disclosureVersion);
    }

    @Override
    public String toString() {
        return "ConversationRequest[channel=" + channel + "]";
    }
}

package dev.oubli.knowledge.conversation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Per agent, its conversations (by start time) and outbound messages (by sending time) within {@code [from, to)}, how
 * many carry the pre-contact check that allowed them and which do not (ADR 0048). Ids and counts only: no personal
 * data. {@code agentsTruncated}: more agents than one report holds; narrow the window.
 */
public record InteractionReport(OffsetDateTime from, OffsetDateTime to, List<AgentInteractions> agents, boolean agentsTruncated) {

    public record AgentInteractions(String agent, Counts conversations, Counts outboundMessages,
                                    List<UUID> conversationsWithoutCheck, List<MessageRef> outboundMessagesWithoutCheck) {
    }

    /** {@code withoutCheck} lists at most the report's {@code limit} ids, newest first; the counts are complete. */
    public record Counts(long total, long withCheck, long withoutCheck) {
    }

    public record MessageRef(UUID conversationId, UUID messageId) {
    }
}

package dev.oubli.knowledge.conversation;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A conversation in a listing: participants, messages and transcript are read on its own. */
public record ConversationSummary(UUID id, String agent, Channel channel, OffsetDateTime startedAt, OffsetDateTime lastActivityAt,
                                  boolean aiDisclosureGiven) {

    static ConversationSummary of(Conversation c) {
        return new ConversationSummary(c.id, c.agent, c.channel, c.startedAt, c.lastActivityAt, c.aiDisclosedAt != null);
    }
}

package dev.oubli.knowledge.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.oubli.knowledge.guard.GuardReport;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A conversation with its participants, messages and transcript; after a write, what the guard reported. */
public record ConversationResponse(UUID id, String agent, Channel channel, OffsetDateTime startedAt, OffsetDateTime lastActivityAt,
                                   boolean aiDisclosureGiven, OffsetDateTime aiDisclosedAt, List<ParticipantResponse> participants,
                                   String transcript, List<MessageResponse> messages, OffsetDateTime createdAt,
                                   OffsetDateTime updatedAt, UUID checkId, String disclosureVersion,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) List<GuardReport> guard) {

    public record ParticipantResponse(UUID contactId, String email, String phone) {

        static ParticipantResponse of(Participant participant) {
            return new ParticipantResponse(participant.contactId, participant.email, participant.phone);
        }

        @Override
        public String toString() {
            return "ParticipantResponse[...]";
        }
    }

    public record MessageResponse(UUID id, Direction direction, OffsetDateTime sentAt, String body, UUID checkId,
                                  String disclosureVersion, @JsonInclude(JsonInclude.Include.NON_NULL) List<GuardReport> guard) {

        static MessageResponse of(Message message, List<GuardReport> guard) {
            return new MessageResponse(message.id, message.direction, message.sentAt, message.body, message.checkId,
                    message.disclosureVersion, guard);
        }

        @Override
        public String toString() {
            return "MessageResponse[id=" + id + "]";
        }
    }

    static ConversationResponse of(Conversation c, List<Participant> participants, List<Message> messages, List<GuardReport> guard) {
        return new ConversationResponse(c.id, c.agent, c.channel, c.startedAt, c.lastActivityAt, c.aiDisclosedAt != null,
                c.aiDisclosedAt, participants.stream().map(ParticipantResponse::of).toList(), c.transcript,
                messages.stream().map(m -> MessageResponse.of(m, null)).toList(), c.createdAt, c.updatedAt, c.checkId, c.disclosureVersion, guard);
    }

    @Override
    public String toString() {
        return "ConversationResponse[id=" + id + "]";
    }
}

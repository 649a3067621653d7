package dev.oubli.knowledge.conversation;

import dev.oubli.problem.ProblemException;

import java.util.List;
import java.util.UUID;

/**
 * The evidence an agent's outbound interaction carries (ADR 0048): the id of the pre-contact check that allowed it
 * (privacy-service {@code POST /api/contact-checks}) and the version of the AI disclosure text it showed. An agent
 * reaching out without a check is refused; inbound messages, and history an editor records, may come without one and
 * are counted so in the interaction report. The id is stored as given: knowledge-service does not ask privacy-service
 * whether it exists (ADR 0048 says why).
 */
final class InteractionEvidence {

    static final int VERSION_LENGTH = 300;

    private InteractionEvidence() {
    }

    /** A conversation an agent records reaches out unless all of its initial messages are inbound (it answers). */
    static void requireForAgentConversation(ConversationRequest request) {
        List<MessageRequest> initial = request.messages() == null ? List.of() : request.messages();
        boolean answering = !initial.isEmpty() && initial.stream().allMatch(m -> m != null && m.direction() == Direction.INBOUND);
        if (!answering) {
            require("", request.checkId(), request.disclosureVersion());
        }
    }

    /** An outbound message an agent appends needs a check of its own. */
    static void requireForAgentMessage(MessageRequest request) {
        if (request.direction() == Direction.OUTBOUND) {
            require("", request.checkId(), request.disclosureVersion());
        }
    }

    /** Whoever records it: a disclosure version is a short label, without control characters. */
    static void validateVersion(String field, String version) {
        if (version != null && (version.isBlank() || version.length() > VERSION_LENGTH
                || version.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.invalidRequest(field + "disclosureVersion is 1 to " + VERSION_LENGTH
                    + " characters, without control characters.");
        }
    }

    /** The evidence is written once, on creation: a replacement may repeat it or leave it out, not change it. */
    static void keep(UUID checkId, String version, ConversationRequest replacement) {
        if ((replacement.checkId() != null && !replacement.checkId().equals(checkId))
                || (replacement.disclosureVersion() != null && !replacement.disclosureVersion().equals(version))) {
            throw ProblemException.invalidRequest("checkId and disclosureVersion are recorded once, with the conversation; "
                    + "leave them out of a replacement.");
        }
    }

    private static void require(String field, UUID checkId, String version) {
        if (checkId == null) {
            throw new ProblemException(400, "check-required", "A pre-contact check is required",
                    "An agent reaching out records the checkId of the pre-contact check that allowed it "
                            + "(POST /api/contact-checks) and the disclosureVersion it showed.");
        }
        if (version == null) {
            throw ProblemException.invalidRequest(field + "disclosureVersion is required with checkId: the version of the "
                    + "disclosure text the check answered.");
        }
    }
}

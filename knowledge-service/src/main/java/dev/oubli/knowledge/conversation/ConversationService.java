package dev.oubli.knowledge.conversation;

import dev.oubli.events.SubjectRef;
import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.knowledge.guard.GuardPolicyService;
import dev.oubli.knowledge.guard.GuardReport;
import dev.oubli.knowledge.guard.GuardedTexts;
import dev.oubli.knowledge.paging.Cursor;
import dev.oubli.knowledge.paging.ListingQuery;
import dev.oubli.knowledge.paging.Page;
import dev.oubli.knowledge.paging.PageRequest;
import dev.oubli.knowledge.search.SearchService;
import dev.oubli.knowledge.subject.IdentifierKind;
import dev.oubli.knowledge.subject.ItemType;
import dev.oubli.knowledge.subject.Passage;
import dev.oubli.knowledge.subject.SubjectEntry;
import dev.oubli.knowledge.subject.SubjectIndexService;
import dev.oubli.knowledge.subject.SubjectRestrictions;
import dev.oubli.knowledge.subject.SubjectRole;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ConversationService {

    static final int AGENT_LENGTH = 200;
    static final int MAX_PARTICIPANTS = 50;
    static final int MAX_MESSAGES = 1000;
    static final int TEXT_LENGTH = 1_000_000;

    private final ConversationRepository conversations;
    private final ParticipantRepository participants;
    private final MessageRepository messages;
    private final TenantTransactions transactions;
    private final GuardPolicyService guard;
    private final SubjectIndexService subjects;
    private final SubjectRestrictions restrictions;
    private final SubjectIndex subjectIndex;
    private final KnowledgeConfig config;
    private final Clock clock;
    private final PrivacyChecks checks;

    ConversationService(ConversationRepository conversations, ParticipantRepository participants, MessageRepository messages,
                        TenantTransactions transactions, GuardPolicyService guard, SubjectIndexService subjects,
                        SubjectRestrictions restrictions, SubjectIndex subjectIndex, KnowledgeConfig config, Clock clock,
                        PrivacyChecks checks) {
        this.checks = checks;
        this.conversations = conversations;
        this.participants = participants;
        this.messages = messages;
        this.transactions = transactions;
        this.guard = guard;
        this.subjects = subjects;
        this.restrictions = restrictions;
        this.subjectIndex = subjectIndex;
        this.config = config;
        this.clock = clock;
    }

    /** The filters of a conversation listing; each may be null. */
    public record Filters(UUID contact, String agent, Channel channel) {
    }

    public Uni<Page<ConversationSummary>> conversations(TenantId tenant, Filters filters, PageRequest page) {
        ListingQuery query = new ListingQuery(tenant.value(), "startedAt").page(page);
        if (filters.contact() != null) {
            query.where("id in (select p.conversationId from Participant p where p.tenantId = :tenant and p.contactId = :contact)",
                    "contact", filters.contact());
        }
        if (filters.agent() != null) {
            query.where("agent = :agent", "agent", filters.agent());
        }
        if (filters.channel() != null) {
            query.where("channel = :channel", "channel", filters.channel());
        }
        return transactions.inTransaction(tenant, () -> conversations.list(query, page.limit() + 1))
                .map(found -> Page.of(found, page.limit(), ConversationSummary::of, c -> new Cursor(c.startedAt, c.id)));
    }

    /** One conversation; one whose subject is restricted (ADR 0039) only for a privacy officer. */
    public Uni<ConversationResponse> conversation(TenantId tenant, UUID id, boolean privacyOfficer) {
        return transactions.inTransaction(tenant, () -> existing(tenant, id)
                .call(c -> restrictions.refuseReadIfRestricted(tenant, id, privacyOfficer))
                .chain(c -> full(tenant, c, null)));
    }

    /**
     * Records a conversation. An agent ({@code recordingAgent} present) records only its own, and one that reaches out
     * only with the pre-contact check that allowed it (ADR 0048); an editor records any, history included.
     */
    public Uni<ConversationResponse> createConversation(TenantId tenant, String recordingAgent, String bearer, ConversationRequest request) {
        if (recordingAgent != null && request != null) {
            if (request.agent() != null && !request.agent().strip().equals(recordingAgent)) {
                throw notTheAgent();
            }
            request = request.recordedBy(recordingAgent);
        }
        validate(request);
        if (recordingAgent != null) {
            InteractionEvidence.requireForAgentConversation(request);
        }
        List<MessageRequest> initial = request.messages() == null ? List.of() : request.messages();
        if (initial.size() > MAX_MESSAGES) {
            throw ProblemException.invalidRequest("messages holds at most " + MAX_MESSAGES + " messages; append the others.");
        }
        for (int i = 0; i < initial.size(); i++) {
            validate("messages[" + i + "]", initial.get(i));
            InteractionEvidence.validateVersion("messages[" + i + "].", initial.get(i).disclosureVersion());
        }
        ConversationRequest recorded = request;
        Conversation conversation = new Conversation();
        conversation.id = UUID.randomUUID();
        conversation.tenantId = tenant.value();
        conversation.createdAt = now();
        List<Participant> people = participants(tenant, conversation.id, request.participants());
        LinkedHashMap<String, String> texts = texts(request.transcript(), initial);
        // The agent's check is verified with privacy-service before anything is written, outside any transaction.
        Uni<Void> verified = recordingAgent != null && request.checkId() != null
                ? checks.verify(bearer, request.checkId(), request.disclosureVersion(), request.channel())
                : Uni.createFrom().voidItem();
        return verified.chain(() -> SearchService.refusingUnindexableText(transactions.inTransaction(tenant, () -> guard.inspect(tenant, texts).chain(guarded -> {
            apply(conversation, recorded, guarded);
            conversation.checkId = recorded.checkId();
            conversation.disclosureVersion = recorded.disclosureVersion();
            List<Message> sent = new ArrayList<>();
            for (int i = 0; i < initial.size(); i++) {
                Message message = message(tenant, conversation.id, initial.get(i), guarded.text("messages[" + i + "].body"));
                if (message.direction == Direction.OUTBOUND && message.checkId == null) {
                    message.checkId = conversation.checkId; // the check that opened the conversation allowed it
                    message.disclosureVersion = conversation.disclosureVersion;
                }
                sent.add(message);
            }
            sent.forEach(m -> conversation.lastActivityAt = later(conversation.lastActivityAt, m.sentAt));
            return conversations.persist(conversation)
                    .chain(() -> participants.persist(people))
                    // Panache's persist of an empty list fails ("The Uni set is empty"): a call may come with its transcript alone.
                    .chain(() -> sent.isEmpty() ? Uni.createFrom().voidItem() : messages.persist(sent))
                    .chain(() -> subjects.index(tenant, ItemType.CONVERSATION, conversation.id, entries(tenant, conversation, people, sent)))
                    .replaceWith(() -> ConversationResponse.of(conversation, people, sent, guarded.reports()));
        }))));
    }

    /** Replaces the conversation's details, participants and transcript; its messages stay as they are. */
    public Uni<ConversationResponse> updateConversation(TenantId tenant, UUID id, ConversationRequest request) {
        validate(request);
        if (request.messages() != null && !request.messages().isEmpty()) {
            throw ProblemException.invalidRequest("messages cannot be replaced; append them to /api/conversations/{id}/messages.");
        }
        List<Participant> people = participants(tenant, id, request.participants());
        return SearchService.refusingUnindexableText(transactions.inTransaction(tenant, () -> conversations.findOneForUpdate(tenant, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no conversation with this id."))
                .call(conversation -> restrictions.refuseChangeIfRestricted(tenant, id))
                .invoke(conversation -> InteractionEvidence.keep(conversation.checkId, conversation.disclosureVersion, request))
                .chain(conversation -> guard.inspect(tenant, texts(request.transcript(), List.of())).chain(guarded -> messages.of(tenant, id).chain(recorded -> {
                    apply(conversation, request, guarded);
                    recorded.forEach(m -> conversation.lastActivityAt = later(conversation.lastActivityAt, m.sentAt));
                    return participants.deleteOf(tenant, id)
                            .chain(() -> participants.persist(people))
                            .chain(() -> subjects.index(tenant, ItemType.CONVERSATION, id, entries(tenant, conversation, people, recorded)))
                            .replaceWith(() -> ConversationResponse.of(conversation, people, recorded, guarded.reports()));
                })))));
    }

    public Uni<Void> deleteConversation(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> existing(tenant, id)
                .chain(conversation -> conversations.delete(conversation))
                .chain(() -> subjects.remove(tenant, ItemType.CONVERSATION, id)));
    }

    /**
     * Appends a message. An editor may append to any conversation; an agent ({@code agent} present) only to its own.
     */
    public Uni<ConversationResponse.MessageResponse> appendMessage(TenantId tenant, UUID id, String agent, String bearer,
                                                                   MessageRequest request) {
        validate("body", request);
        InteractionEvidence.validateVersion("", request.disclosureVersion());
        if (agent != null) {
            InteractionEvidence.requireForAgentMessage(request);
        }
        // A message's check is verified without its conversation's channel (read only in the write transaction).
        Uni<Void> verified = agent != null && request.checkId() != null
                ? checks.verify(bearer, request.checkId(), request.disclosureVersion(), null)
                : Uni.createFrom().voidItem();
        return verified.chain(() -> SearchService.refusingUnindexableText(transactions.inTransaction(tenant, () -> existing(tenant, id)
                .call(conversation -> restrictions.refuseChangeIfRestricted(tenant, id)).chain(conversation -> {
            if (agent != null && !agent.equals(conversation.agent)) {
                throw notTheAgent();
            }
            LinkedHashMap<String, String> texts = new LinkedHashMap<>();
            texts.put("body", request.body());
            return guard.inspect(tenant, texts).chain(guarded -> {
                Message message = message(tenant, id, request, guarded.text("body"));
                conversation.lastActivityAt = later(conversation.lastActivityAt, message.sentAt);
                conversation.updatedAt = now();
                return messages.persist(message)
                        .chain(() -> subjects.add(tenant, ItemType.CONVERSATION, id, subjects.mentionsIn(tenant, List.of(message.body))))
                        .replaceWith(() -> ConversationResponse.MessageResponse.of(message, guarded.reports()));
            });
        }))));
    }

    /**
     * A subject's erasure, in the caller's transaction: every conversation the subject takes part in is deleted, with
     * its messages and transcript; in the others, mentions of the subject's email addresses and phone numbers are
     * masked (or, when {@code deleteMentioning}, those conversations are deleted too).
     */
    public Uni<ErasedConversations> eraseSubject(TenantId tenant, SubjectRef subject, boolean deleteMentioning) {
        return subjects.itemsConcerning(tenant, ItemType.CONVERSATION, subject, Set.of(SubjectRole.PARTICIPANT))
                .chain(taking -> subjects.itemsConcerning(tenant, ItemType.CONVERSATION, subject, Set.of(SubjectRole.MENTION))
                        .chain(mentioning -> {
                            List<UUID> toDelete = new ArrayList<>(taking);
                            List<UUID> toMask = new ArrayList<>();
                            for (UUID id : mentioning) {
                                if (!taking.contains(id)) {
                                    (deleteMentioning ? toDelete : toMask).add(id);
                                }
                            }
                            return deleteAll(tenant, toDelete).chain(deleted -> maskAll(tenant, toMask, subject)
                                    .map(masked -> new ErasedConversations(deleted, masked)));
                        }));
    }

    /** Conversations deleted, and conversations in which mentions of the subject were masked. */
    public record ErasedConversations(long deleted, long masked) {
    }

    /** The conversations the subject takes part in, in full, for an export. */
    public Uni<List<ConversationResponse>> conversationsOf(TenantId tenant, SubjectRef subject) {
        return subjects.itemsConcerning(tenant, ItemType.CONVERSATION, subject, Set.of(SubjectRole.PARTICIPANT)).chain(ids -> {
            Uni<List<ConversationResponse>> chain = Uni.createFrom().item(new ArrayList<>());
            for (UUID id : ids) {
                chain = chain.chain(found -> existing(tenant, id).chain(c -> full(tenant, c, null)).map(c -> {
                    found.add(c);
                    return found;
                }));
            }
            return chain;
        });
    }

    /** The passages of other conversations' messages and transcripts that mention the subject, for an export. */
    public Uni<List<Passage>> passagesMentioning(TenantId tenant, SubjectRef subject) {
        return subjects.itemsConcerning(tenant, ItemType.CONVERSATION, subject, Set.of(SubjectRole.MENTION))
                .chain(mentioning -> subjects.itemsConcerning(tenant, ItemType.CONVERSATION, subject, Set.of(SubjectRole.PARTICIPANT))
                        .chain(taking -> {
                            Uni<List<Passage>> chain = Uni.createFrom().item(new ArrayList<>());
                            for (UUID id : mentioning) {
                                if (taking.contains(id)) {
                                    continue; // exported whole
                                }
                                chain = chain.chain(found -> existing(tenant, id).chain(c -> messages.of(tenant, id).map(recorded -> {
                                    subjects.passagesMentioning(tenant, c.transcript, subject)
                                            .forEach(text -> found.add(new Passage("TRANSCRIPT", c.id, text)));
                                    recorded.forEach(m -> subjects.passagesMentioning(tenant, m.body, subject)
                                            .forEach(text -> found.add(new Passage("MESSAGE", m.id, text))));
                                    return found;
                                })));
                            }
                            return chain;
                        }));
    }

    /**
     * A rectification, in the caller's transaction: participants named by the subject get the corrected email address
     * and/or phone number, and the subject index follows.
     *
     * @return how many participants were changed
     */
    public Uni<Long> rectifyParticipants(TenantId tenant, SubjectRef subject, String correctedEmail, String correctedPhone) {
        return subjects.itemsConcerning(tenant, ItemType.CONVERSATION, subject, Set.of(SubjectRole.PARTICIPANT)).chain(ids -> {
            Uni<Long> chain = Uni.createFrom().item(0L);
            for (UUID id : ids) {
                chain = chain.chain(count -> existing(tenant, id).chain(conversation -> participants.of(tenant, id).chain(people -> {
                    long changed = 0;
                    for (Participant person : people) {
                        if (!namedBy(subject, person)) {
                            continue;
                        }
                        changed++;
                        if (correctedEmail != null) {
                            setEmail(tenant, person, correctedEmail, "corrections.email");
                        }
                        if (correctedPhone != null) {
                            setPhone(tenant, person, correctedPhone, "corrections.phone");
                        }
                    }
                    long total = count + changed;
                    return messages.of(tenant, id).chain(recorded -> subjects.index(tenant, ItemType.CONVERSATION, id,
                            entries(tenant, conversation, people, recorded))).replaceWith(total);
                })));
            }
            return chain;
        });
    }

    private static boolean namedBy(SubjectRef subject, Participant person) {
        return (person.contactId != null && subject.contactIds().contains(person.contactId))
                || (person.emailIndex != null && subject.emailIndexes().contains(person.emailIndex))
                || (person.phoneIndex != null && subject.phoneIndexes().contains(person.phoneIndex));
    }

    /** Two statements whatever the number of conversations (their messages and participants go by cascade; docs/adr/0062). */
    private Uni<Long> deleteAll(TenantId tenant, List<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(0L) : conversations.delete("tenantId = ?1 and id in ?2", tenant.value(), ids)
                .call(() -> subjects.removeAll(tenant, ItemType.CONVERSATION, ids));
    }

    private Uni<Long> maskAll(TenantId tenant, List<UUID> ids, SubjectRef subject) {
        Uni<Long> chain = Uni.createFrom().item(0L);
        for (UUID id : ids) {
            chain = chain.chain(count -> existing(tenant, id).chain(conversation -> participants.of(tenant, id)
                    .chain(people -> messages.of(tenant, id).chain(recorded -> {
                        conversation.transcript = subjects.maskMentions(tenant, conversation.transcript, subject);
                        recorded.forEach(m -> m.body = subjects.maskMentions(tenant, m.body, subject));
                        conversation.updatedAt = now();
                        return subjects.index(tenant, ItemType.CONVERSATION, id, entries(tenant, conversation, people, recorded));
                    }))).replaceWith(count + 1));
        }
        return chain;
    }

    private Uni<ConversationResponse> full(TenantId tenant, Conversation conversation, List<GuardReport> guard) {
        return participants.of(tenant, conversation.id).chain(people -> messages.of(tenant, conversation.id)
                .map(recorded -> ConversationResponse.of(conversation, people, recorded, guard)));
    }

    private Set<SubjectEntry> entries(TenantId tenant, Conversation conversation, List<Participant> people, List<Message> recorded) {
        Set<SubjectEntry> entries = new LinkedHashSet<>();
        for (Participant person : people) {
            if (person.contactId != null) {
                entries.add(new SubjectEntry(IdentifierKind.CONTACT, person.contactId.toString(), SubjectRole.PARTICIPANT));
            }
            if (person.emailIndex != null) {
                entries.add(new SubjectEntry(IdentifierKind.EMAIL, person.emailIndex, SubjectRole.PARTICIPANT));
            }
            if (person.phoneIndex != null) {
                entries.add(new SubjectEntry(IdentifierKind.PHONE, person.phoneIndex, SubjectRole.PARTICIPANT));
            }
        }
        List<String> texts = new ArrayList<>();
        texts.add(conversation.transcript);
        recorded.forEach(m -> texts.add(m.body));
        entries.addAll(subjects.mentionsIn(tenant, texts));
        return entries;
    }

    private static LinkedHashMap<String, String> texts(String transcript, List<MessageRequest> initial) {
        LinkedHashMap<String, String> texts = new LinkedHashMap<>();
        texts.put("transcript", transcript);
        for (int i = 0; i < initial.size(); i++) {
            texts.put("messages[" + i + "].body", initial.get(i).body());
        }
        return texts;
    }

    private void apply(Conversation conversation, ConversationRequest request, GuardedTexts guarded) {
        conversation.agent = request.agent().strip();
        conversation.channel = request.channel();
        conversation.startedAt = utc(request.startedAt());
        conversation.lastActivityAt = conversation.startedAt;
        conversation.aiDisclosedAt = request.aiDisclosedAt() == null ? null : utc(request.aiDisclosedAt());
        conversation.transcript = guarded.text("transcript");
        conversation.updatedAt = now();
    }

    private Message message(TenantId tenant, UUID conversation, MessageRequest request, String guardedBody) {
        Message message = new Message();
        message.id = UUID.randomUUID();
        message.tenantId = tenant.value();
        message.conversationId = conversation;
        message.direction = request.direction();
        message.sentAt = request.sentAt() == null ? now() : utc(request.sentAt());
        message.body = guardedBody;
        message.checkId = request.checkId();
        message.disclosureVersion = request.disclosureVersion();
        return message;
    }

    private List<Participant> participants(TenantId tenant, UUID conversation, List<ParticipantRequest> requested) {
        List<Participant> people = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            ParticipantRequest given = requested.get(i);
            String field = "participants[" + i + "]";
            if (given == null || (given.contactId() == null && given.email() == null && given.phone() == null)) {
                throw ProblemException.invalidRequest(field + " needs a contactId, an email or a phone.");
            }
            Participant person = new Participant();
            person.id = UUID.randomUUID();
            person.tenantId = tenant.value();
            person.conversationId = conversation;
            person.position = (short) i;
            person.contactId = given.contactId();
            if (given.email() != null) {
                setEmail(tenant, person, given.email(), field + ".email");
            }
            if (given.phone() != null) {
                setPhone(tenant, person, given.phone(), field + ".phone");
            }
            for (Participant earlier : people) {
                if (Objects.equals(earlier.contactId, person.contactId) && Objects.equals(earlier.email, person.email)
                        && Objects.equals(earlier.phone, person.phone)) {
                    throw ProblemException.invalidRequest(field + " repeats participants[" + earlier.position + "].");
                }
            }
            people.add(person);
        }
        return people;
    }

    private void setEmail(TenantId tenant, Participant person, String email, String field) {
        try {
            person.email = SubjectIndex.normaliseEmail(email);
            person.emailIndex = subjectIndex.email(tenant.value(), person.email).value();
        } catch (InvalidIdentifierException e) {
            throw ProblemException.invalidRequest(field + " is not a valid email address.");
        }
    }

    private void setPhone(TenantId tenant, Participant person, String phone, String field) {
        try {
            person.phone = SubjectIndex.normalisePhone(phone, config.defaultPhoneRegion());
            person.phoneIndex = subjectIndex.phone(tenant.value(), person.phone, config.defaultPhoneRegion()).value();
        } catch (InvalidIdentifierException e) {
            throw ProblemException.invalidRequest(field + " is not a valid phone number.");
        }
    }

    private static ProblemException notTheAgent() {
        return ProblemException.forbidden("not-the-conversations-agent", "Not this conversation's agent",
                "An agent records and appends to only the conversations it takes part in, under the name its token gives.");
    }

    private Uni<Conversation> existing(TenantId tenant, UUID id) {
        return conversations.findOne(tenant, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no conversation with this id."));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime later(OffsetDateTime a, OffsetDateTime b) {
        return b.isAfter(a) ? b : a;
    }

    private static void validate(ConversationRequest request) {
        if (request == null) {
            throw ProblemException.invalidRequest("A JSON body is required.");
        }
        if (request.agent() == null || request.agent().isBlank() || request.agent().length() > AGENT_LENGTH) {
            throw ProblemException.invalidRequest("agent is required, at most " + AGENT_LENGTH + " characters.");
        }
        if (request.channel() == null) {
            throw ProblemException.invalidRequest("channel is required: EMAIL, CALL, CHAT or SMS.");
        }
        if (request.startedAt() == null) {
            throw ProblemException.invalidRequest("startedAt is required.");
        }
        if (request.participants() == null || request.participants().isEmpty() || request.participants().size() > MAX_PARTICIPANTS) {
            throw ProblemException.invalidRequest("participants needs 1 to " + MAX_PARTICIPANTS + " participants.");
        }
        if (request.transcript() != null && request.transcript().length() > TEXT_LENGTH) {
            throw ProblemException.invalidRequest("transcript is at most " + TEXT_LENGTH + " characters.");
        }
        InteractionEvidence.validateVersion("", request.disclosureVersion());
    }

    private static void validate(String field, MessageRequest message) {
        if (message == null) {
            throw ProblemException.invalidRequest(field + " is required.");
        }
        if (message.direction() == null) {
            throw ProblemException.invalidRequest(field + ".direction is required: INBOUND or OUTBOUND.");
        }
        if (message.body() == null || message.body().isEmpty() || message.body().length() > TEXT_LENGTH) {
            throw ProblemException.invalidRequest(field + ".body is required, at most " + TEXT_LENGTH + " characters.");
        }
    }
}

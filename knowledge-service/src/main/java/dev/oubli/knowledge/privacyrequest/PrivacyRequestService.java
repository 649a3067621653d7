package dev.oubli.knowledge.privacyrequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.EventType;
import dev.oubli.events.ExportChunk;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.events.Topics;
import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.knowledge.conversation.ConversationResponse;
import dev.oubli.knowledge.conversation.ConversationService;
import dev.oubli.knowledge.document.DocumentService;
import dev.oubli.knowledge.note.NoteService;
import dev.oubli.knowledge.subject.ItemType;
import dev.oubli.knowledge.subject.Passage;
import dev.oubli.knowledge.subject.SubjectRestrictions;
import dev.oubli.outbox.Outbox;
import dev.oubli.problem.ProblemException;
import dev.oubli.sealing.CorrectionSealing;
import dev.oubli.sealing.ExportSealing;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * knowledge-service's part of every privacy request, in the caller's transaction (scoped to the request's tenant),
 * with its receipt and any export chunks written to the outbox in that same transaction. Idempotent per request id:
 * the first handling records its counts; a re-published request (watchdog, new event id, attempt + 1) only repeats
 * the receipt with those counts, and never re-sends export chunks.
 */
@ApplicationScoped
public class PrivacyRequestService {

    static final String OWNER = "knowledge-service";
    static final String PRODUCER = "knowledge";
    private static final Logger LOG = Logger.getLogger(PrivacyRequestService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final ConversationService conversations;
    private final NoteService notes;
    private final DocumentService documents;
    private final TenantTransactions transactions;
    private final Outbox outbox;
    private final SubjectIndex subjectIndex;
    private final CorrectionSealing corrections;
    private final KnowledgeConfig config;
    private final SubjectRestrictions restrictions;
    private final Clock clock;

    PrivacyRequestService(ConversationService conversations, NoteService notes, DocumentService documents, TenantTransactions transactions,
                          Outbox outbox, SubjectIndex subjectIndex, CorrectionSealing corrections, KnowledgeConfig config,
                          SubjectRestrictions restrictions, Clock clock) {
        this.conversations = conversations;
        this.notes = notes;
        this.documents = documents;
        this.transactions = transactions;
        this.outbox = outbox;
        this.subjectIndex = subjectIndex;
        this.corrections = corrections;
        this.config = config;
        this.restrictions = restrictions;
        this.clock = clock;
    }

    public Uni<ErasurePolicy> erasurePolicy(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> mentionErasure(tenant)).map(ErasurePolicy::new);
    }

    public Uni<ErasurePolicy> changeErasurePolicy(TenantId tenant, ErasurePolicy policy) {
        if (policy == null || policy.mentions() == null) {
            throw ProblemException.invalidRequest("mentions is required: MASK or DELETE.");
        }
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into erasure_policy (tenant_id, mentions) values (:tenant, :mentions)
                                on conflict (tenant_id) do update set mentions = excluded.mentions""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("mentions", policy.mentions().name())
                        .executeUpdate()))
                .replaceWith(policy);
    }

    /** Does this owner's part of {@code request} once, then answers its receipt; call inside the tenant's transaction. */
    Uni<Void> handle(TenantId tenant, PrivacyRequestSubmitted request) {
        return countsOfEarlierHandling(tenant, request).chain(earlier -> {
            if (earlier != null) {
                LOG.infof("Privacy request %s of tenant %s (attempt %d) was handled before: receipt repeated",
                        request.requestId(), tenant, request.attempt());
                return completed(tenant, request, earlier);
            }
            return switch (request.requestType()) {
                case ERASURE -> erase(tenant, request);
                case ACCESS, PORTABILITY -> export(tenant, request);
                case RECTIFICATION -> rectify(tenant, request);
                case RESTRICTION, OBJECTION -> restrictions.restrict(tenant, request.requestId(), request.requestType(), request.subject(),
                                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                        .chain(() -> restricted(tenant, request, "restricted"));
                case RESTRICTION_LIFT -> restrictions.lift(tenant, request.subject())
                        .chain(() -> restricted(tenant, request, "still-restricted"));
            };
        });
    }

    private Uni<Void> erase(TenantId tenant, PrivacyRequestSubmitted request) {
        return eraseAndRecord(tenant, request).chain(counts -> completed(tenant, request, counts));
    }

    /**
     * An erasure of the ledger, at start-up (docs/adr/0052): applied and recorded as the first handling would, without a
     * receipt, unless this database already records it. Call inside the tenant's transaction.
     *
     * @return true when it was applied now
     */
    Uni<Boolean> reapplyErasure(TenantId tenant, PrivacyRequestSubmitted erasure) {
        return countsOfEarlierHandling(tenant, erasure).chain(earlier -> earlier != null
                ? Uni.createFrom().item(false)
                : eraseAndRecord(tenant, erasure).replaceWith(true));
    }

    private Uni<Map<String, Long>> eraseAndRecord(TenantId tenant, PrivacyRequestSubmitted request) {
        SubjectRef subject = request.subject();
        return mentionErasure(tenant).chain(policy -> {
            boolean deleteMentioning = policy == MentionErasure.DELETE;
            Map<String, Long> counts = new LinkedHashMap<>();
            return conversations.eraseSubject(tenant, subject, deleteMentioning)
                    .invoke(erased -> {
                        counts.put("conversations-erased", erased.deleted());
                        counts.put("conversations-masked", erased.masked());
                    })
                    .chain(() -> notes.eraseSubject(tenant, subject, deleteMentioning))
                    .invoke(erased -> {
                        counts.put("notes-erased", erased.deleted());
                        counts.put("notes-masked", erased.masked());
                    })
                    .chain(() -> documents.eraseSubject(tenant, subject, deleteMentioning))
                    .invoke(changed -> counts.put(deleteMentioning ? "documents-erased" : "documents-masked", changed))
                    .chain(() -> record(tenant, request, counts))
                    .replaceWith(counts);
        });
    }

    private Uni<Void> export(TenantId tenant, PrivacyRequestSubmitted request) {
        if (request.exportPublicKey() == null) {
            return failed(tenant, request, TaskFailureReason.INVALID_REQUEST);
        }
        SubjectRef subject = request.subject();
        List<Passage> passages = new ArrayList<>();
        return conversations.conversationsOf(tenant, subject).chain(taking -> notes.notesAbout(tenant, subject).chain(about ->
                conversations.passagesMentioning(tenant, subject).invoke(passages::addAll)
                        .chain(() -> notes.passagesMentioning(tenant, subject)).invoke(passages::addAll)
                        .chain(() -> documents.passagesMentioning(tenant, subject)).invoke(passages::addAll)
                        .chain(() -> {
                            SubjectExport part = new SubjectExport(taking, isSubject(tenant, subject), about, passages);
                            List<ExportChunk> chunks;
                            try {
                                chunks = ExportSealing.seal(request.exportPublicKey(), request.requestId(), OWNER, part.json());
                            } catch (GeneralSecurityException notAKey) {
                                return failed(tenant, request, TaskFailureReason.INVALID_REQUEST);
                            }
                            Map<String, Long> counts = part.counts();
                            counts.put("chunks", (long) chunks.size());
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (ExportChunk chunk : chunks) {
                                chain = chain.chain(() -> outbox.append(tenant, Topics.PRIVACY_EXPORTS, Topics.requestKey(request.requestId()),
                                        EventType.EXPORT_CHUNK.ceType(PRODUCER), chunk).replaceWithVoid());
                            }
                            return chain.chain(() -> recordAndComplete(tenant, request, counts));
                        })));
    }

    /** The receipt of a restriction, objection or lift: how many of the subject's items are restricted now. */
    private Uni<Void> restricted(TenantId tenant, PrivacyRequestSubmitted request, String label) {
        Map<String, Long> counts = new LinkedHashMap<>();
        return restrictions.restrictedItems(tenant, ItemType.CONVERSATION, request.subject())
                .invoke(n -> counts.put("conversations-" + label, n))
                .chain(() -> restrictions.restrictedItems(tenant, ItemType.NOTE, request.subject()))
                .invoke(n -> counts.put("notes-" + label, n))
                .chain(() -> recordAndComplete(tenant, request, counts));
    }

    private Uni<Void> rectify(TenantId tenant, PrivacyRequestSubmitted request) {
        if (request.corrections() == null) {
            return failed(tenant, request, TaskFailureReason.INVALID_REQUEST);
        }
        String email;
        String phone;
        try {
            Map<String, String> fields = corrections.open(tenant.value(), request.requestId(), request.corrections());
            email = fields.get("email") == null ? null : SubjectIndex.normaliseEmail(fields.get("email"));
            phone = fields.get("phone") == null ? null : SubjectIndex.normalisePhone(fields.get("phone"), config.defaultPhoneRegion());
        } catch (GeneralSecurityException | InvalidIdentifierException unusable) {
            return failed(tenant, request, TaskFailureReason.INVALID_REQUEST);
        }
        if (email == null && phone == null) {
            return recordAndComplete(tenant, request, new LinkedHashMap<>(Map.of("rectified", 0L))); // nothing this owner holds
        }
        return conversations.rectifyParticipants(tenant, request.subject(), email, phone)
                .chain(changed -> recordAndComplete(tenant, request, new LinkedHashMap<>(Map.of("rectified", changed))));
    }

    private Predicate<ConversationResponse.ParticipantResponse> isSubject(TenantId tenant, SubjectRef subject) {
        return participant -> (participant.contactId() != null && subject.contactIds().contains(participant.contactId()))
                || (participant.email() != null && subject.emailIndexes().contains(subjectIndex.email(tenant.value(), participant.email()).value()))
                || (participant.phone() != null && subject.phoneIndexes().contains(subjectIndex.phone(tenant.value(), participant.phone(), null).value()));
    }

    private Uni<Void> recordAndComplete(TenantId tenant, PrivacyRequestSubmitted request, Map<String, Long> counts) {
        return record(tenant, request, counts).chain(() -> completed(tenant, request, counts));
    }

    private Uni<Void> record(TenantId tenant, PrivacyRequestSubmitted request, Map<String, Long> counts) {
        String json;
        try {
            json = JSON.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("counts cannot be written", e));
        }
        LOG.infof("Privacy request %s (%s) of tenant %s handled: %s", request.requestId(), request.requestType(), tenant, counts);
        // The parameter is typed text first: a parameter the driver sees as jsonb gets a Java string encoded as a JSON string.
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into privacy_request_handled (tenant_id, request_id, request_type, counts, handled_at)
                                values (:tenant, :request, :type, cast(cast(:counts as text) as jsonb), :at)""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", request.requestId())
                        .setParameter("type", request.requestType().name())
                        .setParameter("counts", json)
                        .setParameter("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> completed(TenantId tenant, PrivacyRequestSubmitted request, Map<String, Long> counts) {
        return outbox.append(tenant, Topics.PRIVACY_TASK_RESULTS, Topics.requestKey(request.requestId()),
                        EventType.TASK_COMPLETED.ceType(PRODUCER),
                        new TaskCompleted(request.requestId(), OWNER, request.requestType(), counts, Instant.now(clock)))
                .replaceWithVoid();
    }

    private Uni<Void> failed(TenantId tenant, PrivacyRequestSubmitted request, TaskFailureReason reason) {
        LOG.infof("Privacy request %s (%s) of tenant %s refused: %s", request.requestId(), request.requestType(), tenant, reason);
        return outbox.append(tenant, Topics.PRIVACY_TASK_RESULTS, Topics.requestKey(request.requestId()),
                        EventType.TASK_FAILED.ceType(PRODUCER),
                        new TaskFailed(request.requestId(), OWNER, request.requestType(), reason, false, Instant.now(clock)))
                .replaceWithVoid();
    }

    @SuppressWarnings("unchecked")
    private Uni<Map<String, Long>> countsOfEarlierHandling(TenantId tenant, PrivacyRequestSubmitted request) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "select cast(counts as text) from privacy_request_handled where tenant_id = :tenant and request_id = :request")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", request.requestId())
                        .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    try {
                        return JSON.readValue((String) rows.get(0), COUNTS);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("recorded counts of request " + request.requestId() + " are unreadable", e);
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private Uni<MentionErasure> mentionErasure(TenantId tenant) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select mentions from erasure_policy where tenant_id = :tenant")
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .map(rows -> rows.isEmpty() ? MentionErasure.MASK : MentionErasure.valueOf((String) rows.get(0)));
    }
}

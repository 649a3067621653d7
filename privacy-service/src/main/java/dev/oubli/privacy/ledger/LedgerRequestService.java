package dev.oubli.privacy.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.ConsentSource;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.ExportChunk;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Inbox;
import dev.oubli.outbox.IncomingEvent;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.consent.ConsentChangeResponse;
import dev.oubli.privacy.consent.ConsentRecorder;
import dev.oubli.privacy.consent.ConsentService;
import dev.oubli.privacy.consent.IdentifierLinks;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.privacy.contactcheck.ContactCheckEvidence;
import dev.oubli.privacy.contactcheck.ContactCheckService;
import dev.oubli.privacy.subject.SubjectKeys;
import dev.oubli.privacy.suppression.SuppressionEntry;
import dev.oubli.privacy.suppression.SuppressionReason;
import dev.oubli.privacy.suppression.SuppressionService;
import dev.oubli.sealing.ExportSealing;
import dev.oubli.subjectindex.BlindIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The consent ledger's part of privacy requests, as the data owner {@code privacy-service}
 * (docs/adr/0012): erasure and objection suppress the subject (erasure also deletes its consent history and
 * check evidence, the suppression entry outliving them: {@link SubjectErasure}), restriction marks the subject
 * restricted, access and portability export the history and evidence sealed for the requester. Each request is applied once
 * (inbox), with its receipt, in one transaction.
 */
@ApplicationScoped
class LedgerRequestService {

    static final String OWNER = "privacy-service";
    static final String PRODUCER = "privacy";
    static final String CONSUMER = OWNER + ".ledger-privacy-requests";
    private static final ObjectMapper JSON = EventJson.newObjectMapper();
    private static final Logger LOG = Logger.getLogger(LedgerRequestService.class);

    private final TenantTransactions transactions;
    private final Inbox inbox;
    private final Outbox outbox;
    private final ConsentService consents;
    private final SuppressionService suppressions;
    private final ContactCheckService checks;
    private final SubjectErasure erasure;
    private final LedgerRectification rectification;
    private final IdentifierLinks links;
    private final AuditService audit;

    LedgerRequestService(TenantTransactions transactions, Inbox inbox, Outbox outbox, ConsentService consents,
                         SuppressionService suppressions, ContactCheckService checks, SubjectErasure erasure,
                         LedgerRectification rectification, IdentifierLinks links, AuditService audit) {
        this.rectification = rectification;
        this.links = links;
        this.audit = audit;
        this.transactions = transactions;
        this.inbox = inbox;
        this.outbox = outbox;
        this.consents = consents;
        this.suppressions = suppressions;
        this.checks = checks;
        this.erasure = erasure;
    }

    Uni<Void> apply(IncomingEvent event, PrivacyRequestSubmitted request) {
        TenantId tenant = event.tenant();
        return transactions.inTransaction(tenant, () -> inbox.firstDelivery(tenant, CONSUMER, event.id())
                .chain(first -> first ? perform(tenant, request) : Uni.createFrom().voidItem()));
    }

    /*
     * Objection (and erasure: SubjectErasure) first locks every identifier of the subject (as a consent change does, in
     * one order), so a grant running at the same time is either committed before them, and erased or withdrawn, or refused after.
     * Every request but rectification reaches the identifiers a rectification linked to the subject's, either way
     * (docs/adr/0047).
     */
    private Uni<Void> perform(TenantId tenant, PrivacyRequestSubmitted request) {
        return switch (request.requestType()) {
            case ERASURE -> erasure.erase(tenant, request, false).chain(counts -> completed(tenant, request, counts));
            case OBJECTION -> person(tenant, request).chain(subject -> consents.lock(tenant, subject).chain(() ->
                    suppressions.suppress(tenant, subject, SuppressionReason.OBJECTED, ConsentSource.PRIVACY_REQUEST)
                            .chain(suppressed -> withdrawEveryGrant(tenant, subject)
                                    .chain(withdrawn -> completed(tenant, request, Map.of(
                                            "suppressed", (long) suppressed, "withdrawn", (long) withdrawn))))));
            case RESTRICTION -> person(tenant, request).chain(subject -> restrict(tenant, request, subject)
                    .chain(restricted -> completed(tenant, request, Map.of("restricted", (long) restricted))));
            case RESTRICTION_LIFT -> person(tenant, request).chain(subject -> lift(tenant, subject)
                    .chain(lifted -> completed(tenant, request, Map.of("restriction-lifted", (long) lifted))));
            case ACCESS, PORTABILITY -> export(tenant, request);
            case RECTIFICATION -> rectify(tenant, request);
        };
    }

    /** The subject, resolved by contact id, with the identifiers rectifications linked to it. */
    private Uni<SubjectRef> person(TenantId tenant, PrivacyRequestSubmitted request) {
        return consents.resolve(tenant, request.subject()).chain(subject -> links.person(tenant, subject));
    }

    /**
     * A corrected email or phone: the ledger follows it (docs/adr/0047); other corrections change nothing here, the
     * ledger holds blind indexes and no names. Audited with the counts of what was carried over.
     */
    private Uni<Void> rectify(TenantId tenant, PrivacyRequestSubmitted request) {
        Optional<SubjectKeys> corrected;
        try {
            corrected = rectification.corrected(tenant, request);
        } catch (LedgerRectification.InvalidCorrections invalid) {
            return failed(tenant, request, TaskFailureReason.INVALID_REQUEST);
        }
        if (corrected.isEmpty()) {
            return completed(tenant, request, Map.of("rectified", 0L));
        }
        return consents.resolve(tenant, request.subject())
                .chain(subject -> rectification.apply(tenant, request, subject, corrected.get()))
                .call(counts -> audit.record(tenant, AuditAction.LEDGER_RECTIFIED, request.requestId(), counts))
                .chain(counts -> completed(tenant, request, counts));
    }

    /** Each identifier separately: a grant may have been recorded under any of them. */
    private Uni<Integer> withdrawEveryGrant(TenantId tenant, SubjectRef subject) {
        List<SubjectKeys> keys = new ArrayList<>();
        subject.emailIndexes().forEach(index -> keys.add(new SubjectKeys(BlindIndex.parse(index), null, null)));
        subject.phoneIndexes().forEach(index -> keys.add(new SubjectKeys(null, BlindIndex.parse(index), null)));
        subject.contactIds().forEach(id -> keys.add(new SubjectKeys(null, null, id)));
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(key -> consents.withdrawGranted(tenant, key, ConsentSource.PRIVACY_REQUEST,
                        ConsentRecorder.SYSTEM))
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    /** Art. 18(3): the subject's identifiers are no longer restricted (ADR 0039). @return restrictions deleted */
    private Uni<Integer> lift(TenantId tenant, SubjectRef subject) {
        List<String> identifiers = new ArrayList<>(subject.emailIndexes());
        identifiers.addAll(subject.phoneIndexes());
        subject.contactIds().forEach(id -> identifiers.add(id.toString()));
        if (identifiers.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "delete from processing_restriction where tenant_id = :tenant and identifier in (:identifiers)")
                        .setParameter("tenant", tenant.value())
                        .setParameter("identifiers", identifiers)
                        .executeUpdate());
    }

    private Uni<Integer> restrict(TenantId tenant, PrivacyRequestSubmitted request, SubjectRef subject) {
        List<String> identifiers = new ArrayList<>(subject.emailIndexes());
        identifiers.addAll(subject.phoneIndexes());
        subject.contactIds().forEach(id -> identifiers.add(id.toString()));
        return Panache.getSession().chain(session -> Multi.createFrom().iterable(identifiers)
                .onItem().transformToUniAndConcatenate(identifier -> session.createNativeQuery("""
                                insert into processing_restriction (tenant_id, identifier, request_id) values (:tenant, :identifier, :request)
                                on conflict do nothing""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("identifier", identifier)
                        .setParameter("request", request.requestId())
                        .executeUpdate())
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum()));
    }

    /** The subject's consent history, check evidence and suppression entries, sealed for the requester. */
    private Uni<Void> export(TenantId tenant, PrivacyRequestSubmitted request) {
        if (request.exportPublicKey() == null) {
            return failed(tenant, request, TaskFailureReason.INVALID_REQUEST);
        }
        return consents.resolve(tenant, request.subject()).chain(subject -> consents.historyOf(tenant, subject)
                .chain(history -> checks.evidenceOf(tenant, subject)
                        .chain(evidence -> suppressions.activeEntries(blindIndexesOf(subject))
                                .chain(suppressed -> sealAndPublish(tenant, request, history, evidence, suppressed)))));
    }

    private Uni<Void> sealAndPublish(TenantId tenant, PrivacyRequestSubmitted request, List<ConsentChangeResponse> history,
                                     List<ContactCheckEvidence> evidence, List<SuppressionEntry> suppressed) {
        Map<String, Object> tables = new LinkedHashMap<>();
        tables.put("consents", history.stream().map(LedgerRequestService::record).toList());
        tables.put("contact-checks", evidence);
        tables.put("suppressions", suppressed);
        List<ExportChunk> chunks;
        try {
            chunks = ExportSealing.seal(request.exportPublicKey(), request.requestId(), OWNER,
                    JSON.writeValueAsBytes(Map.of("records", tables)));
        } catch (GeneralSecurityException e) {
            return failed(tenant, request, TaskFailureReason.INVALID_REQUEST);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("the export part cannot be written"));
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> outbox.append(tenant, Topics.PRIVACY_EXPORTS,
                        Topics.requestKey(request.requestId()), EventType.EXPORT_CHUNK.ceType(PRODUCER), chunk))
                .collect().asList()
                .chain(() -> completed(tenant, request, Map.of("consents", (long) history.size(),
                        "contact-checks", (long) evidence.size(), "suppressions", (long) suppressed.size(),
                        "chunks", (long) chunks.size())));
    }

    /** A flat record, as the export bundle's CSV wants it. */
    private static Map<String, Object> record(ConsentChangeResponse change) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("id", change.id());
        flat.put("sequence", change.sequence());
        flat.put("contactId", change.contactId());
        flat.put("channel", change.channel());
        flat.put("purpose", change.purpose());
        flat.put("state", change.state());
        flat.put("source", change.source());
        flat.put("recordedAt", change.recordedAt());
        flat.put("collectedAt", change.proof().collectedAt());
        flat.put("textVersion", change.proof().textVersion());
        flat.put("ip", change.proof().ip());
        flat.put("userAgent", change.proof().userAgent());
        flat.put("externalReference", change.proof().externalReference());
        return flat;
    }

    private static List<String> blindIndexesOf(SubjectRef subject) {
        List<String> indexes = new ArrayList<>(subject.emailIndexes());
        indexes.addAll(subject.phoneIndexes());
        return indexes;
    }

    private Uni<Void> completed(TenantId tenant, PrivacyRequestSubmitted request, Map<String, Long> counts) {
        LOG.infof("%s %s of tenant %s done by the consent ledger: %s", request.requestType(), request.requestId(), tenant, counts);
        return outbox.append(tenant, Topics.PRIVACY_TASK_RESULTS, Topics.requestKey(request.requestId()),
                EventType.TASK_COMPLETED.ceType(PRODUCER),
                new TaskCompleted(request.requestId(), OWNER, request.requestType(), counts, Instant.now())).replaceWithVoid();
    }

    private Uni<Void> failed(TenantId tenant, PrivacyRequestSubmitted request, TaskFailureReason reason) {
        LOG.infof("%s %s of tenant %s failed in the consent ledger: %s", request.requestType(), request.requestId(), tenant, reason);
        return outbox.append(tenant, Topics.PRIVACY_TASK_RESULTS, Topics.requestKey(request.requestId()),
                EventType.TASK_FAILED.ceType(PRODUCER),
                new TaskFailed(request.requestId(), OWNER, request.requestType(), reason, false, Instant.now())).replaceWithVoid();
    }
}

package dev.oubli.contacts.privacyrequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.contacts.consent.SuppressionService;
import dev.oubli.contacts.contact.ContactService;
import dev.oubli.contacts.contact.InvalidContactException;
import dev.oubli.contacts.privacyrequest.RequestOutcomeRepository.RequestOutcome;
import dev.oubli.events.EventType;
import dev.oubli.events.ExportChunk;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.SubjectResolutionRequested;
import dev.oubli.events.SubjectResolved;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.events.Topics;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.IncomingEvent;
import dev.oubli.outbox.Inbox;
import dev.oubli.outbox.Outbox;
import dev.oubli.sealing.CorrectionSealing;
import dev.oubli.sealing.ExportSealing;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * contacts-service's part of every privacy request: applies it once (inbox), in one transaction with its
 * receipt and, for exports, its sealed chunks (outbox), for the tenant named by the event's {@code tenantid}
 * attribute. Requests that change data are also idempotent per request id: a re-published request (new
 * event id, attempt + 1) gets the recorded receipt again and changes nothing. Exports are read-only and
 * simply sealed again. A transient failure (database or broker unavailable) is retried for as long as it lasts; only a
 * record that can never be applied goes to {@code privacy.requests.v1.dlq} ({@link EventHandling}), and a request among
 * those is answered with a failure receipt ({@code DEAD_LETTERED}), so privacy-service fails the task at once
 * (docs/adr/0044).
 */
@ApplicationScoped
class PrivacyRequestListener {

    static final String OWNER = "contacts-service";
    static final String PRODUCER = "contacts";
    static final String CONSUMER = OWNER + ".privacy-requests";
    private static final Logger LOG = Logger.getLogger(PrivacyRequestListener.class);

    private final ContactService contacts;
    private final SuppressionService suppressions;
    private final TenantTransactions transactions;
    private final Inbox inbox;
    private final Outbox outbox;
    private final RequestOutcomeRepository outcomes;
    private final CorrectionSealing corrections;
    private final ObjectMapper json;
    private final EventHandling handling;

    PrivacyRequestListener(ContactService contacts, SuppressionService suppressions, TenantTransactions transactions,
                           Inbox inbox, Outbox outbox, RequestOutcomeRepository outcomes, CorrectionSealing corrections,
                           ObjectMapper json, EventHandling handling) {
        this.contacts = contacts;
        this.suppressions = suppressions;
        this.transactions = transactions;
        this.inbox = inbox;
        this.outbox = outbox;
        this.outcomes = outcomes;
        this.corrections = corrections;
        this.json = json;
        this.handling = handling;
    }

    @Incoming("privacy-requests")
    Uni<Void> onPrivacyRequest(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, event -> {
            if (event.contract().filter(EventType.SUBJECT_RESOLUTION_REQUESTED::equals).isPresent()) {
                SubjectResolutionRequested question = event.read(SubjectResolutionRequested.class);
                return transactions.inTransaction(event.tenant(), () ->
                        inbox.firstDelivery(event.tenant(), CONSUMER, event.id()).chain(first -> first
                                ? resolve(event.tenant(), question)
                                : Uni.createFrom().voidItem()));
            }
            if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            PrivacyRequestSubmitted request = event.read(PrivacyRequestSubmitted.class);
            return transactions.inTransaction(event.tenant(), () ->
                    inbox.firstDelivery(event.tenant(), CONSUMER, event.id()).chain(first -> first
                            ? apply(event.tenant(), request)
                            : Uni.createFrom().voidItem()));
        }, this::deadLettered);
    }

    /** A request this owner can never apply: its failure receipt, so the request does not wait for the watchdog. */
    private Uni<Void> deadLettered(IncomingEvent event) {
        if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return TaskFailed.deadLettered(event.payload(), OWNER, Instant.now())
                .map(failed -> transactions.inTransaction(event.tenant(), () -> {
                    LOG.warnf("Privacy request %s of tenant %s dead-lettered: failure receipt sent", failed.requestId(), event.tenant());
                    return outbox.append(event.tenant(), Topics.PRIVACY_TASK_RESULTS, Topics.requestKey(failed.requestId()),
                            EventType.TASK_FAILED.ceType(PRODUCER), failed);
                }).replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    /**
     * Identity resolution (docs/adr/0034): the ids of the contacts whose email or phone the subject names, read-only,
     * answered through the outbox. Asked again (watchdog), it answers again with what it holds then.
     */
    private Uni<Void> resolve(TenantId tenant, SubjectResolutionRequested question) {
        return contacts.contactIdsOfSubject(tenant, question.subject(), SubjectResolved.MAX_CONTACT_IDS).chain(ids -> {
            LOG.infof("Resolution %s of tenant %s (attempt %d): %d contact(s)", question.requestId(), tenant, question.attempt(), ids.size());
            return outbox.append(tenant, Topics.PRIVACY_TASK_RESULTS, Topics.requestKey(question.requestId()),
                    EventType.SUBJECT_RESOLVED.ceType(PRODUCER), new SubjectResolved(question.requestId(), OWNER, ids, Instant.now()));
        }).replaceWithVoid();
    }

    private Uni<Void> apply(TenantId tenant, PrivacyRequestSubmitted request) {
        return switch (request.requestType()) {
            case ACCESS, PORTABILITY -> export(tenant, request);
            case ERASURE, RECTIFICATION, RESTRICTION, OBJECTION, RESTRICTION_LIFT -> outcomes.previous(tenant, request.requestId())
                    .chain(previous -> previous != null
                            ? Uni.createFrom().item(previous)
                            : change(tenant, request).chain(outcome -> outcomes.record(tenant, request.requestId(),
                            request.requestType().name(), outcome)))
                    .invoke(outcome -> LOG.infof("%s %s of tenant %s: %s", request.requestType(), request.requestId(), tenant,
                            outcome.counts() != null ? outcome.counts() : outcome.failure()))
                    .chain(outcome -> receipt(tenant, request, outcome));
        };
    }

    private Uni<RequestOutcome> change(TenantId tenant, PrivacyRequestSubmitted request) {
        return switch (request.requestType()) {
            case ERASURE -> contacts.eraseSubject(tenant, request.requestId(), request.subject())
                    .map(erased -> RequestOutcome.completed(Map.of("erased", erased)));
            case RESTRICTION -> contacts.restrictSubject(tenant, request.subject(), true)
                    .map(restricted -> RequestOutcome.completed(Map.of("restricted", restricted)));
            case RESTRICTION_LIFT -> contacts.restrictSubject(tenant, request.subject(), false)
                    .map(lifted -> RequestOutcome.completed(Map.of("restriction-lifted", lifted)));
            case OBJECTION -> contacts.withdrawMarketing(tenant, request.subject(), request.submittedAt().atOffset(ZoneOffset.UTC))
                    .call(() -> suppressions.record(tenant, request.subject(), true, request.submittedAt().atOffset(ZoneOffset.UTC)))
                    .map(objected -> RequestOutcome.completed(Map.of("marketing-withdrawn", objected)));
            case RECTIFICATION -> rectify(tenant, request);
            default -> throw new IllegalArgumentException("not a change: " + request.requestType());
        };
    }

    private Uni<RequestOutcome> rectify(TenantId tenant, PrivacyRequestSubmitted request) {
        Map<String, String> corrected;
        try {
            if (request.corrections() == null) {
                return Uni.createFrom().item(RequestOutcome.failed(TaskFailureReason.INVALID_REQUEST));
            }
            corrected = corrections.open(tenant.value(), request.requestId(), request.corrections());
        } catch (GeneralSecurityException unreadable) {
            LOG.warnf("Rectification %s of tenant %s: corrections cannot be opened", request.requestId(), tenant);
            return Uni.createFrom().item(RequestOutcome.failed(TaskFailureReason.INVALID_REQUEST));
        }
        return contacts.rectifySubject(tenant, request.subject(), corrected)
                .map(rectified -> RequestOutcome.completed(Map.of("rectified", rectified)))
                .onFailure(InvalidContactException.class).recoverWithItem(invalid -> {
                    LOG.warnf("Rectification %s of tenant %s rejected: %s", request.requestId(), tenant, invalid.getMessage());
                    return RequestOutcome.failed(TaskFailureReason.INVALID_REQUEST);
                });
    }

    /** The subject's cards, sealed for the request's one-off public key, every chunk in the outbox with the receipt. */
    private Uni<Void> export(TenantId tenant, PrivacyRequestSubmitted request) {
        if (request.exportPublicKey() == null) {
            return receipt(tenant, request, RequestOutcome.failed(TaskFailureReason.INVALID_REQUEST));
        }
        return contacts.cardsOfSubject(tenant, request.subject()).chain(cards -> {
            List<ExportChunk> chunks;
            try {
                chunks = ExportSealing.seal(request.exportPublicKey(), request.requestId(), OWNER, ContactExport.part(json, cards));
            } catch (GeneralSecurityException | IllegalArgumentException badKey) {
                LOG.warnf("Export %s of tenant %s: the public key is not usable", request.requestId(), tenant);
                return receipt(tenant, request, RequestOutcome.failed(TaskFailureReason.INVALID_REQUEST));
            }
            Uni<?> appended = Uni.createFrom().voidItem();
            for (ExportChunk chunk : chunks) {
                appended = appended.chain(ignored -> outbox.append(tenant, Topics.PRIVACY_EXPORTS, Topics.requestKey(request.requestId()),
                        EventType.EXPORT_CHUNK.ceType(PRODUCER), chunk));
            }
            LOG.infof("%s %s of tenant %s: %d contact(s) in %d chunk(s)", request.requestType(), request.requestId(), tenant,
                    cards.size(), chunks.size());
            return appended.chain(ignored -> receipt(tenant, request,
                    RequestOutcome.completed(Map.of("exported", (long) cards.size(), "chunks", (long) chunks.size()))));
        });
    }

    private Uni<Void> receipt(TenantId tenant, PrivacyRequestSubmitted request, RequestOutcome outcome) {
        String key = Topics.requestKey(request.requestId());
        if (outcome.failure() != null) {
            return outbox.append(tenant, Topics.PRIVACY_TASK_RESULTS, key, EventType.TASK_FAILED.ceType(PRODUCER),
                    new TaskFailed(request.requestId(), OWNER, request.requestType(), outcome.failure(), false, Instant.now())).replaceWithVoid();
        }
        return outbox.append(tenant, Topics.PRIVACY_TASK_RESULTS, key, EventType.TASK_COMPLETED.ceType(PRODUCER),
                new TaskCompleted(request.requestId(), OWNER, request.requestType(), outcome.counts(), Instant.now())).replaceWithVoid();
    }
}

package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.ContactBatchErasureRequested;
import dev.oubli.events.ContactErasureRequested;
import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.SubjectResolved;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Inbox;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.privacy.certificate.ErasureCertificateService;
import dev.oubli.privacy.certificate.ErasureFacts;
import dev.oubli.privacy.export.ExportService;
import dev.oubli.problem.ProblemException;
import dev.oubli.sealing.CorrectionSealing;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The privacy-request engine: receipt, duplicates, fan-out to the owners through the outbox, receipts, the
 * watchdog, closing, the legal clock. Every status change goes through {@link PrivacyRequest} (hence
 * {@link PrivacyRequestLifecycle}) and into the audit log in the same transaction.
 */
@ApplicationScoped
public class PrivacyRequestService {

    static final int PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;
    /** This service's name for its task-results consumer in the inbox. */
    static final String RECEIPTS_CONSUMER = "privacy-service.task-results";
    /** Per list: keeps the event well below Kafka's message size, which the relay could never publish. */
    static final int MAX_IDENTIFIERS = 100;
    static final int MAX_CORRECTION_LENGTH = 320;
    /** Requests with an end-to-end encrypted export. */
    static final Set<RequestType> EXPORTS = EnumSet.of(RequestType.ACCESS, RequestType.PORTABILITY);
    private static final int SWEEP_BATCH = 500;

    private static final Logger LOG = Logger.getLogger(PrivacyRequestService.class);

    private final PrivacyRequestRepository requests;
    private final PrivacyRequestTaskRepository tasks;
    private final TenantTransactions transactions;
    private final Outbox outbox;
    private final Inbox inbox;
    private final SubjectIndex subjectIndex;
    private final CorrectionSealing sealing;
    private final PrivacyConfig config;
    private final OwnerRegistry registry;
    private final AuditService audit;
    private final ExportService exports;
    private final ErasureCertificateService certificates;
    private final Event<PrivacyRequestSettled> settled;

    PrivacyRequestService(PrivacyRequestRepository requests, PrivacyRequestTaskRepository tasks,
                          TenantTransactions transactions, Outbox outbox, Inbox inbox, SubjectIndex subjectIndex,
                          CorrectionSealing sealing, PrivacyConfig config, OwnerRegistry registry, AuditService audit,
                          ExportService exports, ErasureCertificateService certificates, Event<PrivacyRequestSettled> settled) {
        this.requests = requests;
        this.tasks = tasks;
        this.transactions = transactions;
        this.outbox = outbox;
        this.inbox = inbox;
        this.subjectIndex = subjectIndex;
        this.sealing = sealing;
        this.config = config;
        this.registry = registry;
        this.audit = audit;
        this.exports = exports;
        this.certificates = certificates;
        this.settled = settled;
    }

    // --- reading

    /** A page of the tenant's requests, newest first, filtered; {@code cursor} is a previous page's {@code next}. */
    public Uni<PrivacyRequestPage> list(TenantId tenant, PrivacyRequestFilter filter, String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE_SIZE));
        PrivacyRequestCursor after = cursor == null || cursor.isBlank() ? null : PrivacyRequestCursor.decode(cursor);
        LocalDate today = today();
        return transactions.inTransaction(tenant, () -> requests.page(tenant, filter, after, size, today)).map(found -> {
            List<PrivacyRequest> items = found.subList(0, Math.min(size, found.size()));
            String next = found.size() > size ? PrivacyRequestCursor.of(items.get(items.size() - 1)).encoded() : null;
            return new PrivacyRequestPage(items.stream().map(request -> PrivacyRequestSummary.of(request, today)).toList(), next);
        });
    }

    /** @throws ProblemException (404) for an id the tenant does not have, whether or not another tenant has it */
    public Uni<PrivacyRequestResponse> request(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> existing(requests.find(tenant, id))
                .chain(request -> tasks.ofRequest(tenant, id).map(its -> PrivacyRequestResponse.of(request, its, today()))));
    }

    // --- receiving

    /**
     * A request of the tenant's staff: stored with one pending task per owner handling its type, and the event
     * telling the owners, in one transaction; or recorded as the DUPLICATE of the identical request in progress.
     * The subject is kept and published as blind indexes and contact ids only.
     *
     * @throws ProblemException (400) for a missing subject, an invalid identifier or invalid corrections
     */
    public Uni<PrivacyRequestAccepted> submit(TenantId tenant, SubmitPrivacyRequest submitted) {
        RequestType type = requiredType(submitted);
        SubjectRef subject = blindIndexesOf(tenant, submitted.subject());
        Map<String, String> corrections = corrections(type, submitted.corrections());
        return Uni.createFrom().deferred(() -> {
                    PrivacyRequest request = received(tenant, type, subject, corrections);
                    // Its audit entries written together at its end (docs/adr/0040): the tenant's chain is locked that long only.
                    return audit.inTransaction(tenant, () -> requests.persist(request)
                            .chain(() -> recordReceipt(tenant, request))
                            .chain(() -> startWork(tenant, request))
                            .replaceWith(request));
                })
                // Two identical requests at once: the unique index lets one in; the other, tried again, is its duplicate.
                .onFailure(PrivacyRequestService::lostTheRaceToAnIdenticalRequest).retry().atMost(1)
                .invoke(request -> LOG.infof("Privacy request %s (%s) of tenant %s received: %s", request.id, type, tenant, request.status))
                .map(request -> new PrivacyRequestAccepted(request.id, request.status.name(), request.duplicateOf));
    }

    /**
     * A contact deleted by the tenant's staff, which erases the person (docs/adr/0035): an ERASURE request with the id
     * contacts-service chose, for the contact's id and blind indexes, audited as received from a contact deletion with
     * who deleted it, then sent to the owners (or recorded as the duplicate of an erasure in progress) as any other.
     * An id already known changes nothing: the event was delivered again.
     */
    public Uni<Void> receiveContactErasure(TenantId tenant, ContactErasureRequested deleted) {
        return receiveFromContacts(tenant, deleted.requestId(), deleted.subject(), Map.<String, Object>of("origin", "contact-deletion",
                "contactId", deleted.contactId().toString(), "requestedBy", deleted.requestedBy()), request -> { });
    }

    /**
     * One batch of contacts deleted in one call (docs/adr/0062): as {@link #receiveContactErasure}, one ERASURE request for
     * the whole batch, which names its bulk erasure and how many batches that has; audited with the batch's place and size.
     */
    public Uni<Void> receiveContactBatchErasure(TenantId tenant, ContactBatchErasureRequested batch) {
        return receiveFromContacts(tenant, batch.requestId(), batch.subject(), Map.<String, Object>of("origin", "bulk-erasure",
                "bulkErasureId", batch.bulkErasureId().toString(), "batch", batch.batch(), "batches", batch.batches(),
                "contacts", batch.subject().contactIds().size(), "requestedBy", batch.requestedBy()), request -> {
            request.bulkErasureId = batch.bulkErasureId();
            request.bulkBatches = batch.batches();
        });
    }

    private Uni<Void> receiveFromContacts(TenantId tenant, UUID requestId, SubjectRef subject, Map<String, Object> origin,
                                          Consumer<PrivacyRequest> mark) {
        return Uni.createFrom().deferred(() -> audit.inTransaction(tenant, () -> requests.find(tenant, requestId)
                        .chain(known -> {
                            if (known != null) {
                                return Uni.createFrom().voidItem();
                            }
                            PrivacyRequest request = received(tenant, RequestType.ERASURE, subject, Map.of());
                            request.id = requestId;
                            mark.accept(request);
                            return requests.persist(request)
                                    .chain(() -> recordReceipt(tenant, request, origin))
                                    .chain(() -> startWork(tenant, request))
                                    .invoke(() -> LOG.infof("Privacy request %s (ERASURE, %s) of tenant %s received: %s",
                                            request.id, origin.get("origin"), tenant, request.status));
                        })))
                .onFailure(PrivacyRequestService::lostTheRaceToAnIdenticalRequest).retry().atMost(1);
    }

    /**
     * A self-service request, in the caller's transaction: stored IDENTITY_PENDING (its clock paused) with the
     * subject's email, if any, kept only to send the one-time code and, later, the final notice. The caller proves
     * each identifier by its own code before {@link #identityVerified} lets the request act on it (docs/adr/0020).
     *
     * @param email the address the subject gave, or null; it names the subject (as its blind index)
     * @param phone the number the subject gave, or null; it names the subject (as its blind index)
     * @throws ProblemException (400) for an invalid identifier or invalid corrections
     */
    public Uni<UUID> receiveSelfService(TenantId tenant, RequestType type, String email, String phone, Map<String, String> corrections) {
        if (type == null) {
            throw ProblemException.invalidRequest("type is required: one of " + Arrays.toString(RequestType.values()) + ".");
        }
        SubjectRef subject = blindIndexesOf(tenant, new SubmitPrivacyRequest.Subject(
                email == null ? List.of() : List.of(email), phone == null ? List.of() : List.of(phone), List.of()));
        Map<String, String> sealed = corrections(type, corrections == null ? Map.of() : corrections);
        PrivacyRequest request = received(tenant, type, subject, sealed);
        request.selfService = true;
        request.awaitIdentity(request.receivedAt);
        return requests.persistAndFlush(request)
                .chain(() -> email == null ? Uni.createFrom().voidItem() : Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into request_contact_point (tenant_id, request_id, email) values (:tenant, :request, :email)")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", request.id)
                        .setParameter("email", SubjectIndex.normaliseEmail(email))
                        .executeUpdate()).replaceWithVoid())
                .chain(() -> recordReceipt(tenant, request))
                .chain(() -> recordChanges(tenant, request))
                .replaceWith(request.id);
    }

    /**
     * The subject proved who they are (caller's transaction): the clock resumes, the paused days are added to the
     * deadline, and the request goes to the owners (or is recorded as a duplicate).
     *
     * @return the request's status
     */
    public Uni<String> identityVerified(TenantId tenant, UUID id) {
        return existing(requests.findForUpdate(tenant, id)).chain(request -> {
            if (request.status != PrivacyRequestStatus.IDENTITY_PENDING) {
                return Uni.createFrom().failure(conflict(new IllegalTransitionException(request.status, PrivacyRequestStatus.IN_PROGRESS)));
            }
            request.identityVerified(now());
            return audit.record(tenant, AuditAction.IDENTITY_VERIFIED, id, Map.of("pausedDays", request.pausedDays, "dueOn", request.dueOn.toString()))
                    .chain(() -> startWork(tenant, request))
                    .replaceWith(() -> request.status.name());
        });
    }

    /** Too many wrong codes (caller's transaction): REJECTED, IDENTITY_NOT_VERIFIED. */
    public Uni<Void> identityAttemptsExhausted(TenantId tenant, UUID id) {
        return identityNotVerified(tenant, id, PrivacyRequestStatus.REJECTED);
    }

    /** The one-time code expired unused (caller's transaction): CANCELLED, IDENTITY_NOT_VERIFIED. */
    public Uni<Void> identityCodeExpired(TenantId tenant, UUID id) {
        return identityNotVerified(tenant, id, PrivacyRequestStatus.CANCELLED);
    }

    /** A request no longer pending is left as it is. */
    private Uni<Void> identityNotVerified(TenantId tenant, UUID id, PrivacyRequestStatus to) {
        return requests.findForUpdate(tenant, id).chain(request -> {
            if (request == null || request.status != PrivacyRequestStatus.IDENTITY_PENDING) {
                return Uni.createFrom().voidItem();
            }
            request.close(to, ClosingReason.IDENTITY_NOT_VERIFIED, now());
            return recordChanges(tenant, request).chain(() -> onSettled(tenant, request, List.of()));
        });
    }

    private PrivacyRequest received(TenantId tenant, RequestType type, SubjectRef subject, Map<String, String> corrections) {
        PrivacyRequest request = PrivacyRequest.received(tenant, type, subject, now());
        if (!corrections.isEmpty()) {
            request.sealedCorrections = sealing.seal(tenant.value(), request.id, corrections);
        }
        return request;
    }

    private Uni<Void> recordReceipt(TenantId tenant, PrivacyRequest request) {
        return recordReceipt(tenant, request, Map.of());
    }

    /** The request's REQUEST_RECEIVED entry, with what else says where it came from ({@code origin}, ...). */
    private Uni<Void> recordReceipt(TenantId tenant, PrivacyRequest request, Map<String, Object> origin) {
        Map<String, Object> details = new LinkedHashMap<>(Map.of(
                "type", request.type.name(), "selfService", request.selfService, "dueOn", request.dueOn.toString(),
                "subjectFingerprint", request.subjectFingerprint));
        details.putAll(origin);
        return audit.record(tenant, AuditAction.REQUEST_RECEIVED, request.id, details);
    }

    /** To the owners, or recorded as the duplicate of the identical request in progress. */
    private Uni<Void> startWork(TenantId tenant, PrivacyRequest request) {
        return requests.inProgressFor(tenant, request.type, request.subjectFingerprint).chain(original -> {
            OffsetDateTime now = now();
            if (original != null && !original.id.equals(request.id)) {
                request.duplicates(original.id, now);
                return recordChanges(tenant, request).chain(() -> onSettled(tenant, request, List.of()));
            }
            List<String> owners = registry.handling(request.type);
            List<PrivacyRequestTask> pending = owners.stream().map(owner -> PrivacyRequestTask.pending(request, owner)).toList();
            Uni<Void> keys = !EXPORTS.contains(request.type) || owners.isEmpty() ? Uni.createFrom().voidItem()
                    // The key row refers to the request row: written first.
                    : Panache.getSession().chain(session -> session.flush())
                    .chain(() -> exports.prepare(tenant, request.id))
                    .invoke(publicKeyset -> request.exportPublicKey = publicKeyset)
                    .replaceWithVoid();
            return keys.chain(() -> {
                request.settle(pending, now);
                boolean inProgress = request.status == PrivacyRequestStatus.IN_PROGRESS;
                return tasks.persist(pending).replaceWithVoid()
                        .chain(() -> recordChanges(tenant, request))
                        .chain(() -> !inProgress ? Uni.createFrom().voidItem()
                                : needsResolution(request) ? askResolver(tenant, request, now)
                                : toTheOwners(tenant, request))
                        .chain(() -> onSettled(tenant, request, pending));
            });
        });
    }

    // --- staff decisions
    // --- identity resolution (docs/adr/0034)

    /** Emails and phone numbers name the subject, and an owner resolves them to the contact ids the owners hold. */
    private boolean needsResolution(PrivacyRequest request) {
        return !"none".equals(config.resolver())
                && (request.subjectEmailIndexes.length > 0 || request.subjectPhoneIndexes.length > 0);
    }

    /** Publishes (or, watchdog, publishes again) the question to the resolving owner; the owners wait for its answer. */
    private Uni<Void> askResolver(TenantId tenant, PrivacyRequest request, OffsetDateTime now) {
        request.awaitResolution(now);
        return outbox.append(tenant, Topics.PRIVACY_REQUESTS, Topics.requestKey(request.id),
                        EventType.SUBJECT_RESOLUTION_REQUESTED.ceType(), request.resolutionEvent())
                .chain(() -> audit.record(tenant, AuditAction.RESOLUTION_REQUESTED, request.id,
                        Map.of("attempt", request.publishAttempts, "resolver", config.resolver())));
    }

    /**
     * Publishes the request to every owner handling its type; an erasure also to the ledger of erasures, in the same
     * transaction, which the owners read again at start-up (docs/adr/0052).
     */
    private Uni<Void> toTheOwners(TenantId tenant, PrivacyRequest request) {
        request.published(now());
        PrivacyRequestSubmitted event = request.event();
        return outbox.append(tenant, Topics.PRIVACY_REQUESTS, Topics.requestKey(request.id),
                        EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), event)
                .chain(() -> event.requestType() != RequestType.ERASURE ? Uni.createFrom().voidItem()
                        : outbox.append(tenant, Topics.PRIVACY_ERASURE_LEDGER, Topics.requestKey(request.id),
                        EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), event).replaceWithVoid())
                .chain(() -> audit.record(tenant, AuditAction.REQUEST_PUBLISHED, request.id,
                        Map.of("attempt", request.publishAttempts, "owners", registry.handling(request.type))));
    }

    /**
     * The resolver's answer, once: the contact ids join the subject and the request goes to the owners. An answer for
     * a request no longer waiting (a watchdog's second question answered twice, a settled request) changes nothing.
     */
    Uni<Void> recordResolution(TenantId tenant, UUID eventId, SubjectResolved answer) {
        // Its two entries written together at its end (docs/adr/0040, 0053): the tenant's chain is locked for that step only.
        return audit.inTransaction(tenant, () -> inbox.firstDelivery(tenant, RECEIPTS_CONSUMER, eventId).chain(first -> !first
                ? Uni.createFrom().voidItem()
                : requests.findForUpdate(tenant, answer.requestId()).chain(request -> {
                    if (request == null || !request.isOpen() || !request.awaitingResolution || !config.resolver().equals(answer.owner())) {
                        LOG.infof("Resolution of %s for request %s of tenant %s: not awaited, ignored", answer.owner(), answer.requestId(), tenant);
                        return Uni.createFrom().voidItem();
                    }
                    int added = request.resolved(answer.contactIds());
                    LOG.infof("Request %s of tenant %s resolved by %s: %d contact id(s) added", request.id, tenant, answer.owner(), added);
                    return audit.record(tenant, AuditAction.SUBJECT_RESOLVED, request.id,
                                    Map.of("resolver", answer.owner(), "contactIdsAdded", added))
                            .chain(() -> toTheOwners(tenant, request));
                })));
    }


    /** Cancels an open request (for example WITHDRAWN by the subject). */
    public Uni<PrivacyRequestResponse> cancel(TenantId tenant, UUID id, CloseRequest body) {
        return close(tenant, id, PrivacyRequestStatus.CANCELLED, body);
    }

    /** Rejects a request not yet sent to the owners (MANIFESTLY_UNFOUNDED, EXCESSIVE, ...). */
    public Uni<PrivacyRequestResponse> reject(TenantId tenant, UUID id, CloseRequest body) {
        return close(tenant, id, PrivacyRequestStatus.REJECTED, body);
    }

    private Uni<PrivacyRequestResponse> close(TenantId tenant, UUID id, PrivacyRequestStatus to, CloseRequest body) {
        ClosingReason reason = closingReason(to, body);
        return transactions.inTransaction(tenant, () -> existing(requests.findForUpdate(tenant, id)).chain(request -> {
                    try {
                        request.close(to, reason, now());
                    } catch (IllegalTransitionException refused) {
                        return Uni.createFrom().failure(conflict(refused));
                    }
                    return tasks.ofRequest(tenant, id).chain(its -> recordChanges(tenant, request)
                            .chain(() -> onSettled(tenant, request, its))
                            .replaceWith(() -> PrivacyRequestResponse.of(request, its, today())));
                }))
                .invoke(response -> LOG.infof("Privacy request %s of tenant %s %s (%s)", id, tenant, to, reason));
    }

    /**
     * Extends the deadline once, by one or two months, for a recorded reason, on or before the original due date.
     *
     * @throws ProblemException 409 when already extended, too late or settled; 400 for a bad length or reason
     */
    public Uni<PrivacyRequestResponse> extend(TenantId tenant, UUID id, ExtendDeadline body) {
        if (body == null || body.months() == null) {
            throw ProblemException.invalidRequest("months is required: 1 or 2.");
        }
        return transactions.inTransaction(tenant, () -> existing(requests.findForUpdate(tenant, id)).chain(request -> {
            try {
                request.extend(body.months(), body.reason(), today());
            } catch (IllegalTransitionException settledAlready) {
                return Uni.createFrom().failure(new ProblemException(409, "request-settled", "Request settled",
                        "A request that is " + request.status + " has no deadline left to extend."));
            } catch (ExtensionRefusedException refused) {
                boolean conflict = refused.reason() == ExtensionRefusedException.Reason.ALREADY_EXTENDED
                        || refused.reason() == ExtensionRefusedException.Reason.TOO_LATE;
                return Uni.createFrom().failure(conflict
                        ? new ProblemException(409, "extension-refused", "Extension refused", refused.getMessage() + ".")
                        : ProblemException.invalidRequest(refused.getMessage() + "."));
            }
            return audit.record(tenant, AuditAction.DEADLINE_EXTENDED, id, Map.of(
                            "months", body.months(), "dueOn", request.dueOn.toString(), "originalDueOn", request.clock().originalDueOn().toString()))
                    .chain(() -> tasks.ofRequest(tenant, id))
                    .map(its -> PrivacyRequestResponse.of(request, its, today()));
        }));
    }

    /**
     * An officer retries an owner's FAILED task (docs/adr/0041): the task is PENDING again, a settled request IN_PROGRESS
     * again, and the request is published again (attempt + 1) through the outbox; owners are idempotent per request id,
     * and a receipt of an owner whose task is not pending changes nothing. Audited {@code TASK_RETRIED}. Exports and
     * rectifications are not retried in place (their one-off key or sealed corrections are gone once settled): 409.
     *
     * @throws ProblemException 404 for an unknown request or owner, 409 {@code retry-refused} otherwise
     */
    public Uni<PrivacyRequestResponse> retry(TenantId tenant, UUID id, String owner, String retriedBy) {
        return audit.inTransaction(tenant, () -> existing(requests.findForUpdate(tenant, id)).chain(request -> tasks.ofRequest(tenant, id)
                .chain(all -> {
                    PrivacyRequestTask task = all.stream().filter(t -> t.owner.equals(owner)).findFirst().orElse(null);
                    if (task == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("This request has no task of that owner."));
                    }
                    if (task.status != TaskStatus.FAILED) {
                        return Uni.createFrom().failure(retryRefused("Only a FAILED task is retried; this one is " + task.status + "."));
                    }
                    if (EXPORTS.contains(request.type) || request.type == RequestType.RECTIFICATION) {
                        return Uni.createFrom().failure(retryRefused("A " + request.type + " request is not retried in place: "
                                + "submit a new request."));
                    }
                    OffsetDateTime now = now();
                    String failure = task.failureReason;
                    task.retry(now);
                    if (!request.isOpen()) {
                        request.reopen(now);
                    }
                    return audit.record(tenant, AuditAction.TASK_RETRIED, id, Map.of("owner", owner, "failureReason", failure,
                                    "retriedBy", retriedBy))
                            .chain(() -> recordChanges(tenant, request))
                            .chain(() -> toTheOwners(tenant, request))
                            .replaceWith(() -> PrivacyRequestResponse.of(request, all, today()));
                })))
                .invoke(() -> LOG.infof("Task of %s in request %s of tenant %s retried", owner, id, tenant));
    }

    private static ProblemException retryRefused(String detail) {
        return new ProblemException(409, "retry-refused", "Retry refused", detail);
    }

    // --- receipts

    /** Records an owner's completion receipt, once: the same event delivered again changes nothing. */
    Uni<Void> recordCompletion(TenantId tenant, UUID eventId, TaskCompleted receipt) {
        return recordReceipt(tenant, eventId, receipt.requestId(), receipt.owner(),
                (task, now) -> task.complete(receipt.counts(), now),
                request -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("owner", receipt.owner());
                    details.put("outcome", "COMPLETED");
                    details.put("counts", receipt.counts());
                    Uni<Void> logged = audit.record(tenant, AuditAction.RECEIPT_RECORDED, request.id, details);
                    return EXPORTS.contains(request.type)
                            ? logged.chain(() -> exports.expectPart(tenant, request.id, receipt.owner(), receipt.counts().getOrDefault("chunks", 0L)))
                            : logged;
                });
    }

    /** Records an owner's failure receipt, once: the same event delivered again changes nothing. */
    Uni<Void> recordFailure(TenantId tenant, UUID eventId, TaskFailed receipt) {
        return recordReceipt(tenant, eventId, receipt.requestId(), receipt.owner(),
                (task, now) -> task.fail(receipt.reason(), now),
                request -> audit.record(tenant, AuditAction.RECEIPT_RECORDED, request.id, Map.of(
                        "owner", receipt.owner(), "outcome", "FAILED", "reason", receipt.reason().name(), "retryable", receipt.retryable())));
    }

    /**
     * An owner's receipt that can never be recorded (dead-lettered, docs/adr/0044): its task fails with
     * {@code RECEIPT_DEAD_LETTERED} at once, instead of waiting for the watchdog to give up on it.
     */
    Uni<Void> recordDeadLetteredReceipt(TenantId tenant, UUID eventId, UUID requestId, String owner) {
        return recordReceipt(tenant, eventId, requestId, owner, (task, now) -> task.receiptDeadLettered(now),
                request -> audit.record(tenant, AuditAction.RECEIPT_RECORDED, request.id, Map.of("owner", owner, "outcome", "FAILED",
                        "reason", PrivacyRequestTask.RECEIPT_DEAD_LETTERED, "retryable", false)));
    }

    private Uni<Void> recordReceipt(TenantId tenant, UUID eventId, UUID requestId, String owner,
                                    BiConsumer<PrivacyRequestTask, OffsetDateTime> outcome,
                                    Function<PrivacyRequest, Uni<Void>> record) {
        return audit.inTransaction(tenant, () -> inbox.firstDelivery(tenant, RECEIPTS_CONSUMER, eventId)
                        .chain(first -> first
                                ? settleTask(tenant, requestId, owner, outcome, record)
                                : Uni.createFrom().<PrivacyRequest>nullItem().invoke(() -> LOG.debugf("Receipt %s already recorded: skipped", eventId))))
                .invoke(this::announce)
                .replaceWithVoid();
    }

    /** Only a pending task takes a receipt: a later receipt of a settled task (a watchdog's re-run) changes nothing. */
    private Uni<PrivacyRequest> settleTask(TenantId tenant, UUID requestId, String owner,
                                           BiConsumer<PrivacyRequestTask, OffsetDateTime> outcome,
                                           Function<PrivacyRequest, Uni<Void>> record) {
        return requests.findForUpdate(tenant, requestId).chain(request -> {
            if (request == null) {
                LOG.infof("Receipt of %s for unknown request %s of tenant %s: ignored", owner, requestId, tenant);
                return Uni.createFrom().nullItem();
            }
            return tasks.ofRequest(tenant, requestId).chain(all -> {
                Optional<PrivacyRequestTask> task = all.stream().filter(t -> t.owner.equals(owner)).findFirst();
                if (task.isEmpty()) {
                    LOG.infof("Receipt of %s, which has no task in request %s: ignored", owner, requestId);
                } else if (!request.isOpen()) {
                    LOG.infof("Receipt of %s for request %s, which is already %s: ignored", owner, requestId, request.status);
                } else if (task.get().status != TaskStatus.PENDING) {
                    LOG.infof("Receipt of %s for request %s, whose task is already %s: ignored", owner, requestId, task.get().status);
                } else {
                    OffsetDateTime now = now();
                    outcome.accept(task.get(), now);
                    request.settle(all, now);
                    LOG.infof("Receipt of %s for request %s: task %s, request %s", owner, requestId, task.get().status, request.status);
                    return record.apply(request)
                            .chain(() -> recordChanges(tenant, request))
                            .chain(() -> onSettled(tenant, request, all))
                            .replaceWith(request);
                }
                return Uni.createFrom().item(request);
            });
        });
    }

    // --- the watchdog

    /** The watchdog's decision for one request. */
    enum Watch { NOTHING_TO_DO, REPUBLISHED, GAVE_UP }

    /**
     * A request in progress whose receipts are late: published again ({@code attempt + 1}), or, after
     * {@code max-attempts} publications, its silent owners' tasks FAILED with NO_RECEIPT and the request settled.
     *
     * @return what was done, and for GAVE_UP how many tasks failed
     */
    Uni<Map.Entry<Watch, Integer>> watch(TenantId tenant, UUID id, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        return transactions.inTransaction(tenant, () -> requests.findForUpdate(tenant, id).chain(request -> {
                    if (request == null || request.status != PrivacyRequestStatus.IN_PROGRESS || request.lastPublishedAt == null
                            || !request.lastPublishedAt.isBefore(at.minus(config.watchdog().receiptTimeout(request.publishAttempts)))) {
                        return Uni.createFrom().item(Map.entry(Watch.NOTHING_TO_DO, 0));
                    }
                    if (request.publishAttempts < config.watchdog().maxAttempts()) {
                        if (request.awaitingResolution) {
                            // askResolver counts the attempt itself
                            return askResolver(tenant, request, at).replaceWith(Map.entry(Watch.REPUBLISHED, 0));
                        }
                        request.published(at);
                        return outbox.append(tenant, Topics.PRIVACY_REQUESTS, Topics.requestKey(id), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(),
                                        request.event())
                                .chain(() -> audit.record(tenant, AuditAction.REQUEST_PUBLISHED, id, Map.of("attempt", request.publishAttempts)))
                                .replaceWith(Map.entry(Watch.REPUBLISHED, 0));
                    }
                    return tasks.ofRequest(tenant, id).chain(all -> {
                        List<PrivacyRequestTask> silent = all.stream().filter(task -> task.status == TaskStatus.PENDING).toList();
                        silent.forEach(task -> task.timeOut(at));
                        request.settle(all, at);
                        Uni<Void> logged = Uni.createFrom().voidItem();
                        for (PrivacyRequestTask task : silent) {
                            logged = logged.chain(() -> audit.record(tenant, AuditAction.TASK_TIMED_OUT, id,
                                    Map.of("owner", task.owner, "attempts", request.publishAttempts)));
                        }
                        return logged.chain(() -> recordChanges(tenant, request))
                                .chain(() -> onSettled(tenant, request, all))
                                .replaceWith(Map.entry(Watch.GAVE_UP, silent.size()));
                    });
                }))
                .invoke(done -> LOG.infof("Watchdog on request %s of tenant %s: %s", id, tenant, done.getKey()));
    }

    /**
     * Requests in progress, of every tenant, whose receipts are late at {@code now} (the wait doubles with each
     * publication, see {@code receiptTimeout(attempt)}): read across tenants, read-only.
     */
    Uni<List<Map.Entry<TenantId, UUID>>> awaitingReceipts(Instant now) {
        return sweep("""
                select tenant_id::text, id::text from privacy_request
                where status = 'IN_PROGRESS' and last_published_at < cast(:before as timestamptz) - make_interval(secs => %d)
                  and last_published_at + least(make_interval(secs => %d * power(2, least(greatest(publish_attempts, 1) - 1, 20))),
                                                make_interval(secs => %d)) < :before
                order by last_published_at limit :limit""".formatted(config.watchdog().receiptTimeout().toSeconds(),
                config.watchdog().receiptTimeout().toSeconds(), config.watchdog().receiptTimeoutMax().toSeconds()), now);
    }

    /** The same, for one tenant. */
    Uni<List<UUID>> awaitingReceipts(TenantId tenant, Instant before) {
        return transactions.inTransaction(tenant, () -> requests.awaitingReceiptsSince(tenant, OffsetDateTime.ofInstant(before, ZoneOffset.UTC), SWEEP_BATCH))
                .map(found -> found.stream().map(request -> request.id).toList());
    }

    /** Self-service requests, of every tenant, waiting for identity since before {@code before}. */
    Uni<List<Map.Entry<TenantId, UUID>>> unverifiedSince(Instant before) {
        return sweep("""
                select tenant_id::text, id::text from privacy_request
                where status = 'IDENTITY_PENDING' and identity_pending_since < :before order by identity_pending_since limit :limit""", before);
    }

    /** The same, for one tenant. */
    Uni<List<UUID>> unverifiedSince(TenantId tenant, Instant before) {
        return transactions.inTransaction(tenant, () -> requests.identityPendingSince(tenant, OffsetDateTime.ofInstant(before, ZoneOffset.UTC), SWEEP_BATCH))
                .map(found -> found.stream().map(request -> request.id).toList());
    }

    /** Closes an unverified request whose code expired: CANCELLED, IDENTITY_NOT_VERIFIED. */
    Uni<Void> expireUnverified(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> identityCodeExpired(tenant, id));
    }

    private Uni<List<Map.Entry<TenantId, UUID>>> sweep(String sql, Instant before) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select set_config('oubli.privacy_sweep', 'on', true)").getSingleResult()
                        .chain(() -> session.createNativeQuery(sql, Object[].class)
                                .setParameter("before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC))
                                .setParameter("limit", SWEEP_BATCH)
                                .getResultList())))
                .map(rows -> rows.stream()
                        .map(row -> Map.entry(new TenantId(UUID.fromString((String) row[0])), UUID.fromString((String) row[1])))
                        .toList());
    }

    // --- settling

    /** Audits the request's status changes of this unit of work, in order. */
    private Uni<Void> recordChanges(TenantId tenant, PrivacyRequest request) {
        return recordChanges(audit, tenant, request);
    }

    /** The same, for the watchdog's export round ({@link ExportChunkWatch}). */
    static Uni<Void> recordChanges(AuditService audit, TenantId tenant, PrivacyRequest request) {
        List<PrivacyRequest.StatusChange> changes = new ArrayList<>(request.changes);
        request.changes.clear();
        Uni<Void> recorded = Uni.createFrom().voidItem();
        for (PrivacyRequest.StatusChange change : changes) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", change.from().name());
            details.put("to", change.to().name());
            if (change.reason() != null) {
                details.put("reason", change.reason().name());
            }
            if (request.duplicateOf != null && change.reason() == ClosingReason.DUPLICATE) {
                details.put("duplicateOf", request.duplicateOf.toString());
            }
            recorded = recorded.chain(() -> audit.record(tenant, AuditAction.STATUS_CHANGED, request.id, details));
        }
        return recorded;
    }

    /**
     * Once settled: the raw email goes (kept in memory for the final notice only), a completed erasure gets its
     * certificate, an export is assembled from its parts, or destroyed when nothing will come.
     */
    private Uni<Void> onSettled(TenantId tenant, PrivacyRequest request, List<PrivacyRequestTask> its) {
        if (request.isOpen()) {
            return Uni.createFrom().voidItem();
        }
        boolean wasVerified = request.publishAttempts > 0;
        // An export's address waits for its bundle, whose link is mailed to it, then goes (ExportService, docs/adr/0041).
        boolean linkToMail = wasVerified && EXPORTS.contains(request.type)
                && (request.status == PrivacyRequestStatus.COMPLETED || request.status == PrivacyRequestStatus.PARTIALLY_COMPLETED);
        Uni<Void> done = Panache.getSession().chain(session -> session.createNativeQuery(
                                "select email from request_contact_point where tenant_id = :tenant and request_id = :request", String.class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", request.id)
                        .getResultList()
                        .invoke(addresses -> request.noticeAddress = wasVerified && !addresses.isEmpty() ? addresses.get(0) : null)
                        .chain(() -> linkToMail ? Uni.createFrom().item(0)
                                : session.createNativeQuery("delete from request_contact_point where tenant_id = :tenant and request_id = :request")
                                .setParameter("tenant", tenant.value())
                                .setParameter("request", request.id)
                                .executeUpdate()))
                .replaceWithVoid();
        if (request.type == RequestType.ERASURE
                && (request.status == PrivacyRequestStatus.COMPLETED || request.status == PrivacyRequestStatus.PARTIALLY_COMPLETED)) {
            // A partial outcome is certified too, stating per owner what was done and what failed (docs/adr/0041).
            done = done.chain(() -> certificates.issue(tenant, facts(request, its)));
        }
        if (EXPORTS.contains(request.type)) {
            boolean partsWillCome = request.status == PrivacyRequestStatus.COMPLETED || request.status == PrivacyRequestStatus.PARTIALLY_COMPLETED;
            done = done.chain(() -> partsWillCome ? exports.partsKnown(tenant, request.id) : exports.destroy(tenant, request.id));
        }
        return done;
    }

    private static ErasureFacts facts(PrivacyRequest request, List<PrivacyRequestTask> its) {
        return new ErasureFacts(request.id, request.tenantId, request.status.name(), List.of(request.subjectContactIds),
                List.of(request.subjectEmailIndexes), List.of(request.subjectPhoneIndexes),
                its.stream().map(task -> new ErasureFacts.OwnerReceipt(task.owner, task.status.name(), task.counts,
                        task.status == TaskStatus.FAILED ? task.failureReason : null, task.updatedAt.toInstant())).toList(),
                request.receivedAt.toInstant(), request.completedAt.toInstant());
    }

    /** After the commit: the final notice of a verified self-service request. */
    private void announce(PrivacyRequest request) {
        if (request != null && request.noticeAddress != null) {
            settled.fireAsync(new PrivacyRequestSettled(new TenantId(request.tenantId), request.id, request.type, request.status.name(),
                    request.noticeAddress));
            request.noticeAddress = null;
        }
    }

    // --- validation

    private static RequestType requiredType(SubmitPrivacyRequest submitted) {
        if (submitted == null || submitted.type() == null) {
            throw ProblemException.invalidRequest("type is required: one of " + Arrays.toString(RequestType.values()) + ".");
        }
        return submitted.type();
    }

    private static ClosingReason closingReason(PrivacyRequestStatus to, CloseRequest body) {
        List<String> allowed = Arrays.stream(ClosingReason.values()).filter(reason -> reason.explains(to))
                .filter(reason -> reason != ClosingReason.DUPLICATE && reason != ClosingReason.RECEIPTS_OVERDUE)
                .map(Enum::name).toList();
        if (body == null || body.reason() == null || !allowed.contains(body.reason())) {
            throw ProblemException.invalidRequest("reason is required: one of " + allowed + ".");
        }
        return ClosingReason.valueOf(body.reason());
    }

    /** RECTIFICATION's corrected values: known fields, short text; other types carry none. */
    private static Map<String, String> corrections(RequestType type, Map<String, String> corrections) {
        if (type != RequestType.RECTIFICATION) {
            if (!corrections.isEmpty()) {
                throw ProblemException.invalidRequest("corrections belong to RECTIFICATION requests only.");
            }
            return Map.of();
        }
        if (corrections.isEmpty()) {
            throw ProblemException.invalidRequest("corrections are required for RECTIFICATION: any of " + SubmitPrivacyRequest.CORRECTABLE_FIELDS + ".");
        }
        for (Map.Entry<String, String> field : corrections.entrySet()) {
            if (!SubmitPrivacyRequest.CORRECTABLE_FIELDS.contains(field.getKey())) {
                throw ProblemException.invalidRequest("corrections may hold " + SubmitPrivacyRequest.CORRECTABLE_FIELDS + " only.");
            }
            if (field.getValue() == null || field.getValue().isBlank() || field.getValue().length() > MAX_CORRECTION_LENGTH) {
                // Named by field, never by value.
                throw ProblemException.invalidRequest("corrections." + field.getKey() + " must be 1 to " + MAX_CORRECTION_LENGTH + " characters.");
            }
        }
        return Map.copyOf(corrections);
    }

    /** Normalises and indexes every identifier; an invalid one is named by its position, never by its value. */
    private SubjectRef blindIndexesOf(TenantId tenant, SubmitPrivacyRequest.Subject subject) {
        if (subject == null || subject.emails().isEmpty() && subject.phones().isEmpty() && subject.contactIds().isEmpty()) {
            throw ProblemException.invalidRequest("subject needs at least one identifier: an email, a phone or a contact id.");
        }
        if (Math.max(subject.emails().size(), Math.max(subject.phones().size(), subject.contactIds().size())) > MAX_IDENTIFIERS) {
            throw ProblemException.invalidRequest("subject holds at most " + MAX_IDENTIFIERS + " emails, phones and contact ids each.");
        }
        List<String> emailIndexes = indexes("subject.emails", subject.emails(),
                email -> subjectIndex.email(tenant.value(), email).value());
        List<String> phoneIndexes = indexes("subject.phones", subject.phones(),
                phone -> subjectIndex.phone(tenant.value(), phone, config.defaultPhoneRegion()).value());
        for (int i = 0; i < subject.contactIds().size(); i++) {
            if (subject.contactIds().get(i) == null) {
                throw ProblemException.invalidRequest("subject.contactIds[" + i + "] is null.");
            }
        }
        return new SubjectRef(subject.contactIds().stream().distinct().toList(), emailIndexes, phoneIndexes);
    }

    private static List<String> indexes(String field, List<String> identifiers, Function<String, String> index) {
        List<String> indexes = new ArrayList<>();
        for (int i = 0; i < identifiers.size(); i++) {
            try {
                if (identifiers.get(i) == null) {
                    throw ProblemException.invalidRequest(field + "[" + i + "] is null.");
                }
                String value = index.apply(identifiers.get(i));
                if (!indexes.contains(value)) {
                    indexes.add(value);
                }
            } catch (InvalidIdentifierException e) {
                // The library's message names the kind and the reason, never the value.
                throw ProblemException.invalidRequest(field + "[" + i + "]: " + e.getMessage() + ".");
            }
        }
        return indexes;
    }

    // --- small things

    private static Uni<PrivacyRequest> existing(Uni<PrivacyRequest> found) {
        return found.onItem().ifNull().failWith(() -> ProblemException.notFound("There is no privacy request with this id."));
    }

    private static ProblemException conflict(IllegalTransitionException refused) {
        return new ProblemException(409, "illegal-transition", "Illegal status change", refused.getMessage());
    }

    private static boolean lostTheRaceToAnIdenticalRequest(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("privacy_request_one_in_progress")) {
                return true;
            }
        }
        return false;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static LocalDate today() {
        return LocalDate.now(PrivacyRequest.CALENDAR);
    }
}

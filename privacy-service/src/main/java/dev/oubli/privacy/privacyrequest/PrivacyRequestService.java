package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Inbox;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

@ApplicationScoped
public class PrivacyRequestService {

    static final int PAGE_SIZE = 50;
    /** This service's name for its task-results consumer in the inbox. */
    static final String RECEIPTS_CONSUMER = "privacy-service.task-results";
    /**
     * The types whose whole flow exists. Access and portability need the encrypted export, rectification
     * the encrypted corrections, objection and restriction the suppression list: each comes with its issue.
     */
    static final Set<RequestType> SUPPORTED_TYPES = EnumSet.of(RequestType.ERASURE);
    /** Per list: keeps the event well below Kafka's message size, which the relay could never publish. */
    static final int MAX_IDENTIFIERS = 100;

    private static final Logger LOG = Logger.getLogger(PrivacyRequestService.class);

    private final PrivacyRequestRepository requests;
    private final PrivacyRequestTaskRepository tasks;
    private final TenantTransactions transactions;
    private final Outbox outbox;
    private final Inbox inbox;
    private final SubjectIndex subjectIndex;
    private final PrivacyConfig config;

    PrivacyRequestService(PrivacyRequestRepository requests, PrivacyRequestTaskRepository tasks,
                          TenantTransactions transactions, Outbox outbox, Inbox inbox, SubjectIndex subjectIndex,
                          PrivacyConfig config) {
        this.requests = requests;
        this.tasks = tasks;
        this.transactions = transactions;
        this.outbox = outbox;
        this.inbox = inbox;
        this.subjectIndex = subjectIndex;
        this.config = config;
    }

    public Uni<PrivacyRequestPage> newestRequests(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> requests.newest(tenant, PAGE_SIZE))
                .map(found -> new PrivacyRequestPage(found.stream().map(PrivacyRequestSummary::of).toList()));
    }

    /** @throws ProblemException (404) for an id the tenant does not have, whether or not another tenant has it */
    public Uni<PrivacyRequestResponse> request(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> requests.find(tenant, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no privacy request with this id."))
                .chain(request -> tasks.ofRequest(tenant, id).map(its -> PrivacyRequestResponse.of(request, its))));
    }

    /**
     * Stores the request with one pending task per owner handling its type, and the event telling the owners,
     * in one transaction. The subject is kept and published as blind indexes and contact ids only.
     *
     * @throws ProblemException (400) for a missing subject or an invalid identifier, (422) for a type not yet supported
     */
    public Uni<PrivacyRequestAccepted> submit(TenantId tenant, SubmitPrivacyRequest submitted) {
        RequestType type = supportedType(submitted);
        SubjectRef subject = blindIndexesOf(tenant, submitted.subject());
        List<String> owners = ownersHandling(type);
        PrivacyRequest request = PrivacyRequest.received(tenant, type, subject, OffsetDateTime.now(ZoneOffset.UTC));
        List<PrivacyRequestTask> pending = owners.stream().map(owner -> PrivacyRequestTask.pending(request, owner)).toList();
        request.settle(pending, request.receivedAt);
        PrivacyRequestSubmitted event = new PrivacyRequestSubmitted(request.id, type, subject, 1, null, null, request.receivedAt.toInstant());
        return transactions.inTransaction(tenant, () -> requests.persist(request)
                        .chain(() -> tasks.persist(pending))
                        .chain(() -> outbox.append(tenant, Topics.PRIVACY_REQUESTS, Topics.requestKey(request.id),
                                EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), event)))
                .invoke(() -> LOG.infof("Privacy request %s (%s) of tenant %s submitted to %s", request.id, type, tenant, owners))
                .replaceWith(() -> new PrivacyRequestAccepted(request.id, request.status.name()));
    }

    /** Records an owner's completion receipt, once: the same event delivered again changes nothing. */
    Uni<Void> recordCompletion(TenantId tenant, UUID eventId, TaskCompleted receipt) {
        return recordReceipt(tenant, eventId, receipt.requestId(), receipt.owner(),
                (task, now) -> task.complete(receipt.counts(), now));
    }

    /** Records an owner's failure receipt, once: the same event delivered again changes nothing. */
    Uni<Void> recordFailure(TenantId tenant, UUID eventId, TaskFailed receipt) {
        return recordReceipt(tenant, eventId, receipt.requestId(), receipt.owner(),
                (task, now) -> task.fail(receipt.reason(), now));
    }

    private Uni<Void> recordReceipt(TenantId tenant, UUID eventId, UUID requestId, String owner,
                                    BiConsumer<PrivacyRequestTask, OffsetDateTime> outcome) {
        return transactions.inTransaction(tenant, () -> inbox.firstDelivery(tenant, RECEIPTS_CONSUMER, eventId)
                .chain(first -> first
                        ? settleTask(tenant, requestId, owner, outcome)
                        : Uni.createFrom().voidItem().invoke(() -> LOG.debugf("Receipt %s already recorded: skipped", eventId))));
    }

    /** Only a pending task takes a receipt: a later receipt of a settled task (a watchdog's re-run) changes nothing. */
    private Uni<Void> settleTask(TenantId tenant, UUID requestId, String owner, BiConsumer<PrivacyRequestTask, OffsetDateTime> outcome) {
        return requests.findForUpdate(tenant, requestId).chain(request -> {
            if (request == null) {
                LOG.infof("Receipt of %s for unknown request %s of tenant %s: ignored", owner, requestId, tenant);
                return Uni.createFrom().voidItem();
            }
            return tasks.ofRequest(tenant, requestId).invoke(all -> {
                Optional<PrivacyRequestTask> task = all.stream().filter(t -> t.owner.equals(owner)).findFirst();
                if (task.isEmpty()) {
                    LOG.infof("Receipt of %s, which has no task in request %s: ignored", owner, requestId);
                } else if (PrivacyRequestLifecycle.isTerminal(request.status)) {
                    LOG.infof("Receipt of %s for request %s, which is already %s: ignored", owner, requestId, request.status);
                } else if (task.get().status != TaskStatus.PENDING) {
                    LOG.infof("Receipt of %s for request %s, whose task is already %s: ignored", owner, requestId, task.get().status);
                } else {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    outcome.accept(task.get(), now);
                    request.settle(all, now);
                    LOG.infof("Receipt of %s for request %s: task %s, request %s", owner, requestId, task.get().status, request.status);
                }
            }).replaceWithVoid();
        });
    }

    private static RequestType supportedType(SubmitPrivacyRequest submitted) {
        if (submitted == null || submitted.type() == null) {
            throw ProblemException.invalidRequest("type is required: one of " + List.of(RequestType.values()) + ".");
        }
        if (!SUPPORTED_TYPES.contains(submitted.type())) {
            throw new ProblemException(422, "unsupported-request-type", "Request type not supported", submitted.type() + " requests are not supported yet; supported: "
                    + SUPPORTED_TYPES + ".");
        }
        return submitted.type();
    }

    /** The owners of the registry that handle {@code type}, by name. */
    private List<String> ownersHandling(RequestType type) {
        return config.owners().entrySet().stream()
                .filter(owner -> owner.getValue().contains(type))
                .map(owner -> owner.getKey())
                .sorted()
                .toList();
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
}

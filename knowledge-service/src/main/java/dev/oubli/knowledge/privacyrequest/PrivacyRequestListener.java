package dev.oubli.knowledge.privacyrequest;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.Topics;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.IncomingEvent;
import dev.oubli.outbox.Inbox;
import dev.oubli.outbox.Outbox;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Consumes privacy requests at least once and applies each event once (inbox), in one transaction with its effects
 * and receipt (outbox), for the tenant named by the event's {@code tenantid} attribute only. A transient failure
 * (database or broker unavailable) is retried for as long as it lasts; only a record that can never be applied goes
 * to {@code privacy.requests.v1.dlq} ({@link EventHandling}), and a request among those is answered with a failure
 * receipt ({@code DEAD_LETTERED}), so privacy-service fails the task at once (docs/adr/0044).
 */
@ApplicationScoped
class PrivacyRequestListener {

    static final String CONSUMER = PrivacyRequestService.OWNER + ".privacy-requests";
    private static final Logger LOG = Logger.getLogger(PrivacyRequestListener.class);

    private final PrivacyRequestService requests;
    private final TenantTransactions transactions;
    private final Inbox inbox;
    private final EventHandling handling;
    private final Outbox outbox;

    PrivacyRequestListener(PrivacyRequestService requests, TenantTransactions transactions, Inbox inbox, EventHandling handling,
                           Outbox outbox) {
        this.requests = requests;
        this.transactions = transactions;
        this.inbox = inbox;
        this.handling = handling;
        this.outbox = outbox;
    }

    @Incoming("privacy-requests")
    Uni<Void> onPrivacyRequest(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, event -> {
            if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            PrivacyRequestSubmitted request = event.read(PrivacyRequestSubmitted.class);
            return transactions.inTransaction(event.tenant(), () ->
                    inbox.firstDelivery(event.tenant(), CONSUMER, event.id()).chain(first -> first
                            ? requests.handle(event.tenant(), request)
                            : Uni.createFrom().voidItem()));
        }, this::deadLettered);
    }

    /** A request this owner can never apply: its failure receipt, so the request does not wait for the watchdog. */
    private Uni<Void> deadLettered(IncomingEvent event) {
        if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return TaskFailed.deadLettered(event.payload(), PrivacyRequestService.OWNER, Instant.now())
                .map(failed -> transactions.inTransaction(event.tenant(), () -> {
                    LOG.warnf("Privacy request %s of tenant %s dead-lettered: failure receipt sent", failed.requestId(), event.tenant());
                    return outbox.append(event.tenant(), Topics.PRIVACY_TASK_RESULTS, Topics.requestKey(failed.requestId()),
                            EventType.TASK_FAILED.ceType(PrivacyRequestService.PRODUCER), failed);
                }).replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}

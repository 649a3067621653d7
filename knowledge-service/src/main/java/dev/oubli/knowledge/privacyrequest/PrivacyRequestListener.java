package dev.oubli.knowledge.privacyrequest;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.Inbox;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes privacy requests at least once and applies each event once (inbox), in one transaction with its effects
 * and receipt (outbox), for the tenant named by the event's {@code tenantid} attribute only. A transient failure
 * (database or broker unavailable) is retried for as long as it lasts; only a record that can never be applied goes
 * to {@code privacy.requests.v1.dlq} ({@link EventHandling}).
 */
@ApplicationScoped
class PrivacyRequestListener {

    static final String CONSUMER = PrivacyRequestService.OWNER + ".privacy-requests";

    private final PrivacyRequestService requests;
    private final TenantTransactions transactions;
    private final Inbox inbox;
    private final EventHandling handling;

    PrivacyRequestListener(PrivacyRequestService requests, TenantTransactions transactions, Inbox inbox, EventHandling handling) {
        this.requests = requests;
        this.transactions = transactions;
        this.inbox = inbox;
        this.handling = handling;
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
        });
    }
}

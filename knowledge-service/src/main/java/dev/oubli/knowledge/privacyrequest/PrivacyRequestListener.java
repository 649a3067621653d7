package dev.oubli.knowledge.privacyrequest;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.outbox.Inbox;
import dev.oubli.outbox.IncomingEvent;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;

/**
 * Consumes privacy requests at least once and applies each event once (inbox), in one transaction with its effects
 * and receipt (outbox), for the tenant named by the event's {@code tenantid} attribute only. Transient failures are
 * retried three times; then the connector parks the record on {@code privacy.requests.v1.dlq}.
 */
@ApplicationScoped
class PrivacyRequestListener {

    static final String CONSUMER = PrivacyRequestService.OWNER + ".privacy-requests";

    private final PrivacyRequestService requests;
    private final TenantTransactions transactions;
    private final Inbox inbox;

    PrivacyRequestListener(PrivacyRequestService requests, TenantTransactions transactions, Inbox inbox) {
        this.requests = requests;
        this.transactions = transactions;
        this.inbox = inbox;
    }

    @Incoming("privacy-requests")
    Uni<Void> onPrivacyRequest(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.of(record);
        if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        PrivacyRequestSubmitted request = event.read(PrivacyRequestSubmitted.class);
        return Uni.createFrom().deferred(() -> transactions.inTransaction(event.tenant(), () ->
                        inbox.firstDelivery(event.tenant(), CONSUMER, event.id()).chain(first -> first
                                ? requests.handle(event.tenant(), request)
                                : Uni.createFrom().voidItem())))
                .onFailure(failure -> !(failure instanceof IncomingEvent.UnreadableEventException))
                .retry().withBackOff(Duration.ofMillis(100)).atMost(3);
    }
}

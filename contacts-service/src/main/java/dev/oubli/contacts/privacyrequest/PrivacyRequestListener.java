package dev.oubli.contacts.privacyrequest;

import dev.oubli.contacts.contact.ContactService;
import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Inbox;
import dev.oubli.outbox.IncomingEvent;
import dev.oubli.outbox.Outbox;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * contacts-service's part of every privacy request: applies it once (inbox), in one transaction with
 * its receipt (outbox), for the tenant named by the event's {@code tenantid} attribute.
 */
@ApplicationScoped
class PrivacyRequestListener {

    static final String OWNER = "contacts-service";
    static final String CONSUMER = OWNER + ".privacy-requests";
    private static final Logger LOG = Logger.getLogger(PrivacyRequestListener.class);

    private final ContactService contacts;
    private final TenantTransactions transactions;
    private final Inbox inbox;
    private final Outbox outbox;

    PrivacyRequestListener(ContactService contacts, TenantTransactions transactions, Inbox inbox, Outbox outbox) {
        this.contacts = contacts;
        this.transactions = transactions;
        this.inbox = inbox;
        this.outbox = outbox;
    }

    @Incoming("privacy-requests")
    Uni<Void> onPrivacyRequest(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.of(record);
        if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        PrivacyRequestSubmitted request = event.read(PrivacyRequestSubmitted.class);
        if (request.requestType() != RequestType.ERASURE) {
            return Uni.createFrom().voidItem(); // the owner registry routes only erasures here for now
        }
        return Uni.createFrom().deferred(() -> transactions.inTransaction(event.tenant(), () ->
                        inbox.firstDelivery(event.tenant(), CONSUMER, event.id()).chain(first -> first
                                ? erase(event, request)
                                : Uni.createFrom().voidItem())))
                .onFailure(failure -> !(failure instanceof IncomingEvent.UnreadableEventException))
                .retry().withBackOff(Duration.ofMillis(100)).atMost(3);
    }

    private Uni<Void> erase(IncomingEvent event, PrivacyRequestSubmitted request) {
        return contacts.eraseSubject(event.tenant(), request.subject())
                .invoke(erased -> LOG.infof("Erasure %s of tenant %s: %d contact(s) erased", request.requestId(), event.tenant(), erased))
                .chain(erased -> outbox.append(event.tenant(), Topics.PRIVACY_TASK_RESULTS, Topics.requestKey(request.requestId()),
                        EventType.TASK_COMPLETED.ceType("contacts"),
                        new TaskCompleted(request.requestId(), OWNER, request.requestType(), Map.of("erased", erased), Instant.now())))
                .replaceWithVoid();
    }
}

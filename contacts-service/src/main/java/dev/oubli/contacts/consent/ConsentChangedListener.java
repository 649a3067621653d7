package dev.oubli.contacts.consent;

import dev.oubli.contacts.contact.ContactService;
import dev.oubli.events.ConsentChanged;
import dev.oubli.events.EventType;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.Inbox;
import dev.oubli.outbox.IncomingEvent;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.ZoneOffset;

/**
 * Keeps the consent mirror (per contact, channel and purpose) and the suppression mirror (per blind index)
 * from the privacy service's {@code ConsentChanged} events: once per event (inbox), newest change wins. A transient
 * failure is retried for as long as it lasts; only a record that can never be applied is dead-lettered ({@link EventHandling}).
 */
@ApplicationScoped
class ConsentChangedListener {

    static final String CONSUMER = "contacts-service.consents";
    private static final Logger LOG = Logger.getLogger(ConsentChangedListener.class);

    private final ContactService contacts;
    private final SuppressionService suppressions;
    private final TenantTransactions transactions;
    private final Inbox inbox;
    private final EventHandling handling;

    ConsentChangedListener(ContactService contacts, SuppressionService suppressions, TenantTransactions transactions, Inbox inbox,
                           EventHandling handling) {
        this.contacts = contacts;
        this.suppressions = suppressions;
        this.transactions = transactions;
        this.inbox = inbox;
        this.handling = handling;
    }

    @Incoming("consents")
    Uni<Void> onConsentChanged(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, event -> {
            if (event.contract().filter(EventType.CONSENT_CHANGED::equals).isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            ConsentChanged change = event.read(ConsentChanged.class);
            return transactions.inTransaction(event.tenant(), () ->
                    inbox.firstDelivery(event.tenant(), CONSUMER, event.id()).chain(first -> first
                            ? mirror(event, change)
                            : Uni.createFrom().voidItem()));
        });
    }

    private Uni<Void> mirror(IncomingEvent event, ConsentChanged change) {
        return contacts.mirrorConsent(event.tenant(), change)
                .invoke(matched -> LOG.debugf("Consent change %s of tenant %s mirrored on %d contact(s)", event.id(), event.tenant(), matched))
                .chain(ignored -> suppressions.record(event.tenant(), change.subject(), change.suppressed(),
                        change.changedAt().atOffset(ZoneOffset.UTC)));
    }
}

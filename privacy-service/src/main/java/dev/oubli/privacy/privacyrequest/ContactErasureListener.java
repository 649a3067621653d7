package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.ContactBatchErasureRequested;
import dev.oubli.events.ContactErasureRequested;
import dev.oubli.events.EventType;
import dev.oubli.outbox.EventHandling;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Opens an ERASURE request for each contact the tenant's staff deleted ({@code contacts.erasure-requests.v1}, group
 * {@code privacy-service-contact-erasures}; docs/adr/0035), and one for each batch of contacts deleted in one call
 * (docs/adr/0062). At least once, applied once: the request's id is chosen by
 * contacts-service, and an id already known changes nothing. A transient failure is retried for as long as it lasts
 * ({@link EventHandling}). The tenant comes from {@code ce_tenantid} only.
 */
@ApplicationScoped
class ContactErasureListener {

    private final PrivacyRequestService requests;
    private final EventHandling handling;

    ContactErasureListener(PrivacyRequestService requests, EventHandling handling) {
        this.requests = requests;
        this.handling = handling;
    }

    @Incoming("contact-erasures")
    Uni<Void> onContactDeleted(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, event -> {
            EventType contract = event.contract().orElse(null);
            if (contract == EventType.CONTACT_ERASURE_REQUESTED) {
                return requests.receiveContactErasure(event.tenant(), event.read(ContactErasureRequested.class));
            }
            return contract == EventType.CONTACT_BATCH_ERASURE_REQUESTED
                    ? requests.receiveContactBatchErasure(event.tenant(), event.read(ContactBatchErasureRequested.class))
                    : Uni.createFrom().voidItem();
        });
    }
}

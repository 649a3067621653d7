package dev.oubli.privacy.ledger;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.outbox.EventHandling;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The consent ledger's consumer of {@code privacy.requests.v1} (group {@code privacy-service-ledger}): at
 * least once, applied once (inbox); a transient failure is retried for as long as it lasts, only a record that
 * can never be applied goes to the dead-letter topic ({@link EventHandling}). The tenant comes from
 * {@code ce_tenantid} only.
 */
@ApplicationScoped
class LedgerRequestListener {

    private final LedgerRequestService ledger;
    private final EventHandling handling;

    LedgerRequestListener(LedgerRequestService ledger, EventHandling handling) {
        this.ledger = ledger;
        this.handling = handling;
    }

    @Incoming("ledger-privacy-requests")
    Uni<Void> onPrivacyRequest(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, event -> {
            if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return ledger.apply(event, event.read(PrivacyRequestSubmitted.class));
        });
    }
}

package dev.oubli.privacy.ledger;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.outbox.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The consent ledger's consumer of {@code privacy.requests.v1} (group {@code privacy-service-ledger}): at
 * least once, applied once (inbox), retried a bounded number of times, then the dead-letter topic. The
 * tenant comes from {@code ce_tenantid} only.
 */
@ApplicationScoped
class LedgerRequestListener {

    private static final Logger LOG = Logger.getLogger(LedgerRequestListener.class);

    private final LedgerRequestService ledger;

    LedgerRequestListener(LedgerRequestService ledger) {
        this.ledger = ledger;
    }

    @Incoming("ledger-privacy-requests")
    Uni<Void> onPrivacyRequest(ConsumerRecord<String, byte[]> record) {
        return Uni.createFrom().deferred(() -> {
                    IncomingEvent event = IncomingEvent.of(record);
                    if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return ledger.apply(event, event.read(PrivacyRequestSubmitted.class));
                })
                // An unreadable event fails the same way every time: straight to the dead-letter topic.
                .onFailure(e -> !(e instanceof IncomingEvent.UnreadableEventException))
                .retry().withBackOff(Duration.ofMillis(100)).atMost(3)
                // Coordinates and exception type only: messages (a database's included) may quote data.
                .onFailure().invoke(e -> LOG.warnf("Privacy request at %s-%d@%d not applied to the ledger (%s): sent to the dead-letter topic",
                        record.topic(), record.partition(), record.offset(), e.getClass().getSimpleName()));
    }
}

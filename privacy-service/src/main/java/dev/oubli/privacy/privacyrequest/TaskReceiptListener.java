package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.EventType;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.outbox.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Records the data owners' receipts from {@code privacy.task-results.v1}: at least once, applied once
 * (inbox), retried a bounded number of times on a transient failure, then parked on the dead-letter topic.
 */
@ApplicationScoped
class TaskReceiptListener {

    private static final Logger LOG = Logger.getLogger(TaskReceiptListener.class);

    private final PrivacyRequestService requests;

    TaskReceiptListener(PrivacyRequestService requests) {
        this.requests = requests;
    }

    @Incoming("task-results")
    Uni<Void> recordReceipt(ConsumerRecord<String, byte[]> record) {
        return Uni.createFrom().deferred(() -> apply(IncomingEvent.of(record)))
                // An unreadable event fails the same way every time: straight to the dead-letter topic.
                .onFailure(e -> !(e instanceof IncomingEvent.UnreadableEventException))
                .retry().withBackOff(Duration.ofMillis(100)).atMost(3)
                // Coordinates and exception type only: messages (a database's included) may quote data.
                .onFailure().invoke(e -> LOG.warnf("Receipt at %s-%d@%d not recorded (%s): sent to the dead-letter topic",
                        record.topic(), record.partition(), record.offset(), e.getClass().getSimpleName()));
    }

    private Uni<Void> apply(IncomingEvent event) {
        Optional<EventType> contract = event.contract();
        if (contract.equals(Optional.of(EventType.TASK_COMPLETED))) {
            return requests.recordCompletion(event.tenant(), event.id(), event.read(TaskCompleted.class));
        }
        if (contract.equals(Optional.of(EventType.TASK_FAILED))) {
            return requests.recordFailure(event.tenant(), event.id(), event.read(TaskFailed.class));
        }
        // Another fact or a newer version: not for this consumer.
        LOG.debugf("Skipped %s: not a task receipt", event);
        return Uni.createFrom().voidItem();
    }
}

package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.EventType;
import dev.oubli.events.SubjectResolved;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Records the data owners' receipts from {@code privacy.task-results.v1}: at least once, applied once
 * (inbox); a transient failure (database or broker unavailable) is retried for as long as it lasts, only a receipt that
 * can never be recorded goes to the dead-letter topic ({@link EventHandling}).
 */
@ApplicationScoped
class TaskReceiptListener {

    private static final Logger LOG = Logger.getLogger(TaskReceiptListener.class);

    private final PrivacyRequestService requests;
    private final EventHandling handling;

    TaskReceiptListener(PrivacyRequestService requests, EventHandling handling) {
        this.requests = requests;
        this.handling = handling;
    }

    @Incoming("task-results")
    Uni<Void> recordReceipt(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, this::apply);
    }

    private Uni<Void> apply(IncomingEvent event) {
        Optional<EventType> contract = event.contract();
        if (contract.equals(Optional.of(EventType.TASK_COMPLETED))) {
            return requests.recordCompletion(event.tenant(), event.id(), event.read(TaskCompleted.class));
        }
        if (contract.equals(Optional.of(EventType.TASK_FAILED))) {
            return requests.recordFailure(event.tenant(), event.id(), event.read(TaskFailed.class));
        }
        if (contract.equals(Optional.of(EventType.SUBJECT_RESOLVED))) {
            return requests.recordResolution(event.tenant(), event.id(), event.read(SubjectResolved.class));
        }
        // Another fact or a newer version: not for this consumer.
        LOG.debugf("Skipped %s: not a task receipt", event);
        return Uni.createFrom().voidItem();
    }
}

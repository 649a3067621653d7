package dev.oubli.privacy.export;

import dev.oubli.events.EventType;
import dev.oubli.events.ExportChunk;
import dev.oubli.outbox.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Records the owners' export chunks from {@code privacy.exports.v1}: at least once, applied once (inbox), retried a
 * bounded number of times, then parked on {@code privacy.exports.v1.dlq}.
 */
@ApplicationScoped
class ExportChunkListener {

    private static final Logger LOG = Logger.getLogger(ExportChunkListener.class);

    private final ExportService exports;

    ExportChunkListener(ExportService exports) {
        this.exports = exports;
    }

    @Incoming("exports")
    Uni<Void> recordChunk(ConsumerRecord<String, byte[]> record) {
        return Uni.createFrom().deferred(() -> apply(IncomingEvent.of(record)))
                .onFailure(e -> !(e instanceof IncomingEvent.UnreadableEventException))
                .retry().withBackOff(Duration.ofMillis(100)).atMost(3)
                .onFailure().invoke(e -> LOG.warnf("Export chunk at %s-%d@%d not recorded (%s): sent to the dead-letter topic",
                        record.topic(), record.partition(), record.offset(), e.getClass().getSimpleName()));
    }

    private Uni<Void> apply(IncomingEvent event) {
        if (!event.contract().equals(Optional.of(EventType.EXPORT_CHUNK))) {
            LOG.debugf("Skipped %s: not an export chunk", event);
            return Uni.createFrom().voidItem();
        }
        return exports.recordChunk(event.tenant(), event.id(), event.read(ExportChunk.class));
    }
}

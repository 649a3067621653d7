package dev.oubli.privacy.export;

import dev.oubli.events.EventType;
import dev.oubli.events.ExportChunk;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Records the owners' export chunks from {@code privacy.exports.v1}: at least once, applied once (inbox); a transient
 * failure is retried for as long as it lasts, only a chunk that can never be recorded goes to
 * {@code privacy.exports.v1.dlq} ({@link EventHandling}).
 */
@ApplicationScoped
class ExportChunkListener {

    private static final Logger LOG = Logger.getLogger(ExportChunkListener.class);

    private final ExportService exports;
    private final EventHandling handling;

    ExportChunkListener(ExportService exports, EventHandling handling) {
        this.exports = exports;
        this.handling = handling;
    }

    @Incoming("exports")
    Uni<Void> recordChunk(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, this::apply);
    }

    private Uni<Void> apply(IncomingEvent event) {
        if (!event.contract().equals(Optional.of(EventType.EXPORT_CHUNK))) {
            LOG.debugf("Skipped %s: not an export chunk", event);
            return Uni.createFrom().voidItem();
        }
        return exports.recordChunk(event.tenant(), event.id(), event.read(ExportChunk.class));
    }
}

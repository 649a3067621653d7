package dev.oubli.outbox;

import dev.oubli.events.CloudEventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How every consumer applies a record (docs/adr/0027): reads it as an {@link IncomingEvent}, applies the
 * effect, and on failure
 * <ul>
 * <li>a transient one (database or broker unavailable, see {@link TransientFailures}): waits and tries again,
 * with a doubling back-off up to {@code oubli.outbox.consumer.retry-backoff-max}, for as long as it lasts; the
 * record stays unacknowledged, so its partition waits;</li>
 * <li>an unreadable record: dead-letters it at once;</li>
 * <li>any other failure: tries {@code oubli.outbox.consumer.max-attempts} times, then dead-letters it.</li>
 * </ul>
 * A dead-lettered record fails with {@link DeadLetteredException}, whose message (the connector's
 * {@code dead-letter-reason} header) is a reason code with no data; counted in {@code oubli.events.dead-lettered}.
 * Each retry runs the effect again from the start: it must open its own transaction, as every listener does.
 * While it runs, the log context (MDC) holds {@code tenantId} and {@code eventId} (ids only, never payload).
 */
@ApplicationScoped
public class EventHandling {

    private static final Logger LOG = Logger.getLogger(EventHandling.class);
    /** Log context (MDC) keys while a record is applied. */
    public static final String TENANT_ID = "tenantId";
    public static final String EVENT_ID = "eventId";

    private final Duration backoff;
    private final Duration backoffMax;
    private final int maxAttempts;
    private final MeterRegistry metrics;
    private final EventTracing tracing;
    private volatile boolean stopping;

    @Inject
    EventHandling(OutboxConfig config, MeterRegistry metrics, OpenTelemetry otel) {
        this(config.consumer().retryBackoff(), config.consumer().retryBackoffMax(), config.consumer().maxAttempts(), metrics, otel);
    }

    EventHandling(Duration backoff, Duration backoffMax, int maxAttempts, MeterRegistry metrics) {
        this(backoff, backoffMax, maxAttempts, metrics, OpenTelemetry.noop());
    }

    EventHandling(Duration backoff, Duration backoffMax, int maxAttempts, MeterRegistry metrics, OpenTelemetry otel) {
        this.backoff = backoff;
        this.backoffMax = backoffMax;
        this.maxAttempts = maxAttempts;
        this.metrics = metrics;
        this.tracing = new EventTracing(otel);
    }

    /**
     * @param effect what the event does, in a transaction of its own; called again on each retry
     * @return completes when the effect was applied; fails with {@link DeadLetteredException} when the record
     * can never be applied (the connector then dead-letters it)
     */
    public Uni<Void> apply(ConsumerRecord<String, byte[]> record, Function<IncomingEvent, Uni<Void>> effect) {
        if (record.value() == null) { // a tombstone on a compacted topic (Outbox.appendTombstone): no event to apply
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> {
            EventTracing.Handle trace = tracing.start(record); // the effect runs in the span: the events it writes continue the trace
            return applyTraced(record, effect).onTermination().invoke((ignored, failure, cancelled) ->
                    trace.end(failure != null ? failure.getMessage() : cancelled ? "CANCELLED" : null));
        });
    }

    private Uni<Void> applyTraced(ConsumerRecord<String, byte[]> record, Function<IncomingEvent, Uni<Void>> effect) {
        Context context = Vertx.currentContext();
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom().deferred(() -> {
                    attempts.incrementAndGet();
                    logContext(record);
                    return effect.apply(IncomingEvent.of(record));
                })
                .onFailure().retry().when(failures -> failures.onItem().transformToUniAndConcatenate(failure -> {
                    int attempt = attempts.get();
                    // Stopping, the service closes its pools under the effect: whatever fails then is no fault of the record.
                    boolean transientFailure = stopping || TransientFailures.isTransient(failure);
                    if (failure instanceof IncomingEvent.UnreadableEventException || !transientFailure && attempt >= maxAttempts) {
                        return Uni.createFrom().failure(failure);
                    }
                    Duration wait = backoff(attempt);
                    // Coordinates and exception type only: messages (a database's included) may quote data.
                    LOG.warnf("Record %s-%d@%d not applied (%s, %s), attempt %d: retrying in %s", record.topic(), record.partition(),
                            record.offset(), failure.getClass().getSimpleName(), transientFailure ? "transient" : "unclassified", attempt, wait);
                    return after(wait, context);
                }))
                .onFailure().transform(failure -> deadLetter(record, failure, attempts.get()))
                .onTermination().invoke(() -> {
                    MDC.remove(TENANT_ID);
                    MDC.remove(EVENT_ID);
                });
    }

    /**
     * As {@link #apply(ConsumerRecord, Function)}, and before a record whose envelope is readable (id, tenant) is
     * dead-lettered, runs {@code onDeadLetter} once with it, in a transaction of its own: the owner of a privacy request
     * that can never be applied publishes its failure receipt, so the request is FAILED with a reason instead of waiting
     * for the watchdog (issue 17 item 2). A failing action is logged and the record dead-lettered all the same.
     */
    public Uni<Void> apply(ConsumerRecord<String, byte[]> record, Function<IncomingEvent, Uni<Void>> effect,
                           Function<IncomingEvent, Uni<Void>> onDeadLetter) {
        return apply(record, effect).onFailure(DeadLetteredException.class).call(deadLettered -> {
            IncomingEvent event;
            try {
                event = IncomingEvent.of(record);
            } catch (IncomingEvent.UnreadableEventException noEnvelope) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().deferred(() -> onDeadLetter.apply(event)).onFailure().recoverWithItem(failure -> {
                LOG.warnf("Record %s-%d@%d: its dead-letter action failed (%s)", record.topic(), record.partition(), record.offset(),
                        failure.getClass().getSimpleName());
                return null;
            });
        });
    }

    /**
     * From the shutdown on, no record is dead-lettered: its failure is retried until the process ends, and the record,
     * not acknowledged, is delivered again after the restart (a graceful stop dead-lettered in-flight records whose
     * effect failed because the database pool was closing).
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Ids only, and only when they are ids: every log line of the effect says which tenant and event it is about. */
    private static void logContext(ConsumerRecord<String, byte[]> record) {
        uuid(record, CloudEventHeaders.TENANT_ID).ifPresent(tenant -> MDC.put(TENANT_ID, tenant));
        uuid(record, CloudEventHeaders.ID).ifPresent(id -> MDC.put(EVENT_ID, id));
    }

    static Optional<String> uuid(ConsumerRecord<String, byte[]> record, String header) {
        Header value = record.headers().lastHeader(header);
        try {
            return value == null ? Optional.empty()
                    : Optional.of(UUID.fromString(new String(value.value(), StandardCharsets.UTF_8)).toString());
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private DeadLetteredException deadLetter(ConsumerRecord<String, byte[]> record, Throwable failure, int attempts) {
        String reason = failure instanceof IncomingEvent.UnreadableEventException unreadable
                ? "UNREADABLE: " + unreadable.getMessage()
                : "FAILED after " + attempts + " attempt(s): " + failure.getClass().getSimpleName();
        Counter.builder("oubli.events.dead-lettered").description("Records sent to a dead-letter topic: they can never be applied")
                .tag("topic", record.topic()).register(metrics).increment();
        LOG.warnf("Record %s-%d@%d sent to the dead-letter topic: %s", record.topic(), record.partition(), record.offset(), reason);
        return new DeadLetteredException(reason);
    }

    private Duration backoff(int attempt) {
        Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
    }

    /** A wait that resumes on the listener's Vert.x context, where Hibernate Reactive must run. */
    private static Uni<Integer> after(Duration wait, Context context) {
        if (context == null) {
            return Uni.createFrom().item(0).onItem().delayIt().by(wait);
        }
        return Uni.createFrom().emitter(emitter -> context.owner().setTimer(Math.max(1, wait.toMillis()),
                timer -> context.runOnContext(ignored -> emitter.complete(0))));
    }

    /** A record that can never be applied: its message, a reason code without data, goes into the dead-letter headers. */
    public static final class DeadLetteredException extends RuntimeException {
        DeadLetteredException(String reason) {
            super(reason, null, false, false);
        }
    }
}

package dev.oubli.outbox;

import dev.oubli.events.CloudEventHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A consumer continues the trace of the request that wrote the event (docs/adr/0045), with ids only in its span. */
class EventTracingTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT_SPAN = "00f067aa0ba902b7";

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
    final EventHandling handling = new EventHandling(Duration.ofMillis(5), Duration.ofMillis(20), 2, new SimpleMeterRegistry(), otel);

    @Test
    void theEffectRunsInAConsumerSpanWhoseParentIsTheRecordsTraceparent() {
        UUID tenant = UUID.randomUUID();
        AtomicReference<String> traceSeenByTheEffect = new AtomicReference<>();

        handling.apply(record(tenant, "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01"), event -> {
            traceSeenByTheEffect.set(Span.current().getSpanContext().getTraceId());
            return Uni.createFrom().voidItem();
        }).await().atMost(Duration.ofSeconds(5));

        assertThat(traceSeenByTheEffect).hasValue(TRACE_ID);
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(1);
        SpanData span = finished.get(0);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getName()).isEqualTo("oubli.test.v1 process");
        assertThat(span.getAttributes().asMap().values()).extracting(Object::toString)
                .contains(tenant.toString()).noneMatch(value -> value.contains("payload"));
    }

    @Test
    void aRecordWithoutTraceparentStartsATraceOfItsOwnAndAFailureMarksTheSpanWithItsReasonCodeOnly() {
        AtomicReference<String> traceSeenByTheEffect = new AtomicReference<>();

        assertThatThrownBy(() -> handling.apply(record(UUID.randomUUID(), null), event -> {
            // The first attempt: off a Vert.x context, a retry resumes on a timer thread without the span.
            traceSeenByTheEffect.compareAndSet(null, Span.current().getSpanContext().getTraceId());
            return Uni.createFrom().failure(new IllegalStateException("mary@example.com refused"));
        }).await().atMost(Duration.ofSeconds(5))).isInstanceOf(EventHandling.DeadLetteredException.class);

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getTraceId()).isEqualTo(traceSeenByTheEffect.get()).isNotEqualTo(TRACE_ID);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).doesNotContain("mary");
        assertThat(span.getEvents()).isEmpty(); // no exception event: its message may quote data
    }

    static ConsumerRecord<String, byte[]> record(UUID tenant, String traceparent) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("oubli.test.v1", 0, 42L, "key",
                "{\"payload\":1}".getBytes(StandardCharsets.UTF_8));
        header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(record, CloudEventHeaders.TYPE, "dev.oubli.test.v1");
        header(record, CloudEventHeaders.TENANT_ID, tenant.toString());
        if (traceparent != null) {
            header(record, "ce_traceparent", traceparent);
        }
        return record;
    }

    static void header(ConsumerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}

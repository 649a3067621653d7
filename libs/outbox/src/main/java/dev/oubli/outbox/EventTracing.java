package dev.oubli.outbox;

import dev.oubli.events.CloudEventHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Traces across Kafka (docs/adr/0045). {@link Outbox} keeps the writer's W3C {@code traceparent} with the row, the relay
 * sends it as the CloudEvents extension {@code traceparent} (header {@code ce_traceparent}), and a consumer applies the
 * record in a span that continues that trace: everything its effect does, the events it writes included, belongs to
 * the request that caused it. Span names and attributes hold the topic, ids and the tenant id, never payload data.
 */
final class EventTracing {

    /** The CloudEvents distributed-tracing extension in Kafka binary mode. */
    static final String TRACEPARENT_HEADER = "ce_traceparent";
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("oubli.tenant_id");
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

    private final Tracer tracer;

    EventTracing(OpenTelemetry otel) {
        this.tracer = otel.getTracer("dev.oubli.outbox");
    }

    /** The writer's {@code traceparent}, if the current context has a valid span: what {@link Outbox} stores with a row. */
    static String currentTraceparent() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        String[] traceparent = new String[1];
        W3CTraceContextPropagator.getInstance().inject(Context.current(), traceparent,
                (carrier, key, value) -> {
                    if ("traceparent".equals(key)) {
                        carrier[0] = value;
                    }
                });
        return traceparent[0];
    }

    /** Starts the record's consumer span and makes it current: close the returned handle when the record is done. */
    Handle start(ConsumerRecord<String, byte[]> record) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), record, RECORD_HEADERS);
        var span = tracer.spanBuilder(record.topic() + " process").setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, record.topic()).setAttribute(OPERATION, "process")
                .setAttribute(PARTITION, (long) record.partition()).setAttribute(OFFSET, record.offset());
        EventHandling.uuid(record, CloudEventHeaders.TENANT_ID).ifPresent(tenant -> span.setAttribute(TENANT, tenant));
        EventHandling.uuid(record, CloudEventHeaders.ID).ifPresent(id -> span.setAttribute(MESSAGE_ID, id));
        Span started = span.startSpan();
        return new Handle(started, started.makeCurrent());
    }

    /** A started consumer span. */
    record Handle(Span span, Scope scope) {

        /** @param failure null when applied; else its reason code (no data) becomes the span's status */
        void end(String failure) {
            scope.close();
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure);
            }
            span.end();
        }
    }

    /** {@code traceparent} (and {@code tracestate}) read from the record's {@code ce_} headers. */
    private static final TextMapGetter<ConsumerRecord<String, byte[]>> RECORD_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ConsumerRecord<String, byte[]> record) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(ConsumerRecord<String, byte[]> record, String key) {
            if (record == null) {
                return null;
            }
            Header header = record.headers().lastHeader("ce_" + key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };
}

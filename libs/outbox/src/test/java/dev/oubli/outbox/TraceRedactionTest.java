package dev.oubli.outbox;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An HTTP span keeps its route template, never the URL's path or query (docs/adr/0045). */
class TraceRedactionTest {

    @Test
    void anHttpSpansUrlPathAndQueryAreRedactedAndItsRouteKept() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(new TraceRedaction())
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();

        tracing.get("test").spanBuilder("GET /api/contacts").setSpanKind(SpanKind.SERVER)
                .setAttribute("url.path", "/api/contacts").setAttribute("url.query", "email=mary@example.com")
                .setAttribute("http.route", "/api/contacts").startSpan().end();

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.query"))).isEqualTo("redacted");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("redacted");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/api/contacts");
        assertThat(span.getAttributes().asMap().values()).extracting(Object::toString).noneMatch(value -> value.contains("mary"));
    }
}

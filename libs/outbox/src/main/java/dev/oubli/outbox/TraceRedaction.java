package dev.oubli.outbox;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * No personal data or secret in a span (docs/adr/0045): an HTTP span's URL attributes, which carry query strings (a
 * searched email) and path tokens (a self-service status link), are blanked as the span starts; its name and
 * {@code http.route} keep the route template.
 */
@ApplicationScoped
public class TraceRedaction implements SpanProcessor {

    static final List<AttributeKey<String>> URL = List.of(AttributeKey.stringKey("url.full"), AttributeKey.stringKey("url.path"),
            AttributeKey.stringKey("url.query"), AttributeKey.stringKey("http.target"), AttributeKey.stringKey("http.url"));
    static final String REDACTED = "redacted";

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : URL) {
            if (span.getAttribute(key) != null) {
                span.setAttribute(key, REDACTED);
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}

package dev.oubli.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * An answer given before the request's body was read to its end (a refused parameter, a body over the limit, an
 * unknown path, a failed upload) must reach the client, and the gateway in front (ADR 0029): closing the connection
 * with the body unread makes the TCP stack reset it, which can throw away the answer not yet sent or not yet read.
 * So every service that depends on this library (contacts, knowledge, privacy) reads the rest of such a body and throws it away: up to
 * {@link #DRAIN_LIMIT} declared bytes the connection then carries the next request; a larger or undeclared body is
 * drained for at most {@link #LINGER} or {@link #DRAIN_LIMIT} bytes more, then the connection (announced as closing)
 * is closed.
 */
@ApplicationScoped
public class EarlyAnswerDrain {

    /** The most of an unread body thrown away after an early answer. */
    public static final long DRAIN_LIMIT = 16L << 20;
    /** How long a connection answered early, with a body too large to drain, lingers before it is closed. */
    public static final Duration LINGER = Duration.ofSeconds(2);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 50).handler(context -> {
            finishBodyAnsweredEarly(context);
            context.next();
        });
    }

    static void finishBodyAnsweredEarly(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() == HttpVersion.HTTP_2) {
            return;
        }
        boolean[] closing = {false};
        context.addHeadersEndHandler(ignored -> {
            // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3): nothing to drain,
            // even when its end was not read yet (a GET paused by Quarkus REST), so its connection stays open.
            if (!request.isEnded() && hasBody(request) && !drainable(request.getHeader(HttpHeaders.CONTENT_LENGTH))) {
                closing[0] = true;
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        });
        context.addEndHandler(answered -> {
            // Not when the client went away: an upload's own reading must see the connection close.
            if (answered.succeeded() && !context.response().closed() && !request.isEnded()) {
                drain(context, closing[0]);
            }
        });
    }

    private static void drain(RoutingContext context, boolean close) {
        HttpServerRequest request = context.request();
        long[] drained = {0};
        Runnable letGo = () -> request.connection().close();
        long timer = close ? context.vertx().setTimer(LINGER.toMillis(), id -> letGo.run()) : -1;
        request.exceptionHandler(failure -> letGo.run());
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DRAIN_LIMIT) {
                letGo.run();
            }
        });
        request.endHandler(end -> {
            if (close) {
                context.vertx().cancelTimer(timer);
                letGo.run();
            }
        });
        request.resume();
    }

    private static boolean hasBody(HttpServerRequest request) {
        return request.headers().contains(HttpHeaders.CONTENT_LENGTH) || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean drainable(String declared) {
        if (declared == null) {
            return false;
        }
        try {
            return Long.parseLong(declared.strip()) <= DRAIN_LIMIT;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

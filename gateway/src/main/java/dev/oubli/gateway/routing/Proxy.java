package dev.oubli.gateway.routing;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Forwards a request to its route's service and the answer back, streaming both bodies with back-pressure. Its own
 * failures are problems: 502 when the service cannot be reached or drops the exchange before answering, 504 when it
 * does not start its answer within the route's timeout. A service may answer before it has read the body (a 400 on a
 * bad query parameter of a large import): that answer reaches the caller as it is, and the rest of the caller's body
 * is read and discarded so the caller sees the answer rather than a reset connection.
 */
final class Proxy {

    /** Headers of one hop only (RFC 9110 7.6.1), never forwarded. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");
    /** After an early answer, at most this much of the caller's remaining body is read before the connection is closed. */
    static final long DRAIN_LIMIT = 64L << 20;

    private final Vertx vertx;
    private final HttpClient client;

    /** @param routes the routes it serves: a route's own connect time applies within the longest of them */
    Proxy(Vertx vertx, GatewayConfig config, List<Route> routes) {
        this.vertx = vertx;
        long longestConnect = routes.stream().mapToLong(route -> route.timeouts().connect().toMillis()).max().orElse(2_000);
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setConnectTimeout((int) longestConnect)
                        // A connection's silence while in use is each request's own (the route's idle and answer times).
                        .setKeepAliveTimeout((int) Math.max(1, config.poolIdleTimeout().toSeconds())),
                new PoolOptions().setHttp1MaxSize(200));
    }

    void forward(RoutingContext context, Route route, URI upstream, MultiMap extraHeaders) {
        HttpServerRequest in = context.request();
        in.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setHost(upstream.getHost())
                .setPort(port(upstream))
                .setSsl("https".equals(upstream.getScheme()))
                .setURI(in.uri())
                .setConnectTimeout(route.timeouts().connect().toMillis())
                .setIdleTimeout(route.timeouts().idle().toMillis());
        Exchange exchange = new Exchange(vertx, context, route);
        context.addEndHandler(ended -> {
            exchange.stopClock();
            if (ended.failed()) {
                exchange.callerLeft();
            }
        });
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                exchange.failed(opened.cause());
                return;
            }
            HttpClientRequest request = opened.result();
            copyHeaders(in.headers(), request.headers());
            extraHeaders.names().forEach(request.headers()::remove);
            request.headers().addAll(extraHeaders);
            exchange.send(request);
        });
    }

    static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static int port(URI upstream) {
        if (upstream.getPort() != -1) {
            return upstream.getPort();
        }
        return "https".equals(upstream.getScheme()) ? 443 : 80;
    }

    /** One request's journey; everything runs on the caller connection's event loop. */
    private static final class Exchange {

        private final Vertx vertx;
        private final RoutingContext context;
        private final Route route;
        private long clock = -1;
        private HttpClientRequest request;
        private long received;
        private boolean answered;
        private boolean upstreamGone;
        /** Whether the whole request, body included, went to the service. */
        private boolean sent;

        Exchange(Vertx vertx, RoutingContext context, Route route) {
            this.vertx = vertx;
            this.context = context;
            this.route = route;
        }

        void send(HttpClientRequest request) {
            this.request = request;
            HttpServerRequest in = context.request();
            String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean hasBody = length != null || in.headers().contains(HttpHeaders.TRANSFER_ENCODING);
            if (length != null) {
                request.putHeader(HttpHeaders.CONTENT_LENGTH, length.strip());
            } else if (hasBody) {
                request.setChunked(true);
            }
            // A service may refuse a body by answering and closing without reading the rest. Writing to it then fails;
            // by default Netty closes the connection at once, unread answer and all (a 502 for the service's 400). The
            // connection is kept open for reading instead: the answer is read, and the connection's end (the response
            // future failing without an answer) is what says the exchange failed.
            if (request.connection() instanceof ConnectionBase connection) {
                connection.channel().config().setAutoClose(false);
            }
            request.exceptionHandler(ignored -> upstreamGone = true);
            request.response().onComplete(answer -> {
                if (answer.succeeded()) {
                    answer(answer.result());
                } else {
                    failed(answer.cause());
                }
            });
            if (!hasBody || in.isEnded()) {
                request.end();
                sent = true;
                startClock();
                return;
            }
            in.handler(chunk -> {
                if (answered) {
                    drain(chunk.length());
                    return;
                }
                received += chunk.length();
                if (received > route.bodyLimit()) {
                    request.reset();
                    answered = true;
                    Problems.tooLarge(context.response(), route.bodyLimit());
                    return;
                }
                if (upstreamGone) {
                    return;
                }
                request.write(chunk).onFailure(ignored -> upstreamGone = true);
                if (request.writeQueueFull()) {
                    in.pause();
                    request.drainHandler(ignored -> in.resume());
                }
            });
            in.endHandler(ignored -> {
                if (!answered && !upstreamGone) {
                    request.end();
                    sent = true;
                    startClock();
                }
            });
            in.resume();
        }

        /**
         * The route's answer time runs from the moment the whole request is with the service: an upload's own time is
         * not counted. Any silence of the exchange longer than the route's idle time ends it: until the answer's head,
         * the request's idle timeout; then {@link SilenceWatch}.
         */
        private void startClock() {
            clock = vertx.setTimer(route.timeouts().answer().toMillis(), id -> timedOut());
        }

        void stopClock() {
            if (clock != -1) {
                vertx.cancelTimer(clock);
            }
        }

        /** The service's answer goes to the caller as it is, even if the caller's body is still arriving. */
        private void answer(HttpClientResponse answer) {
            stopClock();
            HttpServerResponse out = context.response();
            if (out.headWritten() || out.closed()) {
                answer.request().reset();
                return;
            }
            boolean early = !context.request().isEnded();
            answered = true;
            if (early) {
                // Stop sending upstream; keep reading the caller's body (discarded) so it reads this answer.
                context.request().resume();
            }
            out.setStatusCode(answer.statusCode());
            out.setStatusMessage(answer.statusMessage());
            copyHeaders(answer.headers(), out.headers());
            String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
            } else if (answer.statusCode() != 204 && answer.statusCode() != 304 && context.request().method() != HttpMethod.HEAD) {
                out.setChunked(true);
            }
            SilenceWatch watched = new SilenceWatch(vertx, out, route.timeouts().idle().toMillis(),
                    () -> answerFailed(answer.headers(), true));
            // Not ended when the answer fails: a pipe would end it, a head promising a body that never comes.
            answer.pipe().endOnFailure(false).to(watched).onComplete(piped -> {
                watched.stop();
                if (piped.failed()) {
                    answerFailed(answer.headers(), false);
                } else if (!sent) {
                    // Answered before its body was all sent: this request can never end, so its connection could
                    // never carry another one; left open, it would stay out of the pool until the route's timeout.
                    request.reset();
                }
            });
        }

        /**
         * The service's connection ended in the middle of its answer, or the answer fell silent for longer than the
         * route's idle time ({@code silent}). While none of it has reached the caller (Vert.x writes the head with the
         * first byte of the body), the caller gets a 502 (504 for silence) problem instead; after that, only closing its
         * connection can tell it the answer is incomplete.
         */
        private void answerFailed(MultiMap copied, boolean silent) {
            request.reset();
            HttpServerResponse out = context.response();
            if (out.closed() || out.ended()) {
                return;
            }
            if (!out.headWritten()) {
                copied.names().forEach(out.headers()::remove);
                out.headers().remove(HttpHeaders.CONTENT_LENGTH);
                out.setChunked(false);
                out.setStatusMessage(silent ? "Gateway Timeout" : "Bad Gateway");
                if (silent) {
                    Problems.gatewayTimeout(out);
                } else {
                    Problems.badGateway(out);
                }
            } else {
                context.request().connection().close();
            }
        }

        private void drain(long bytes) {
            received += bytes;
            if (received > route.bodyLimit() + DRAIN_LIMIT) {
                context.request().connection().close();
            }
        }

        void timedOut() {
            if (!answered) {
                answered = true;
                if (request != null) {
                    request.reset();
                }
                Problems.gatewayTimeout(context.response());
            }
        }

        void callerLeft() {
            if (request != null && !answered) {
                answered = true;
                request.reset();
            }
        }

        void failed(Throwable cause) {
            stopClock();
            if (answered) {
                // The service answered, then dropped the rest of a body it did not want: nothing to tell the caller.
                return;
            }
            answered = true;
            if (!context.request().isEnded()) {
                context.request().resume();
            }
            if (cause instanceof ConnectTimeoutException || cause instanceof TimeoutException
                    || cause instanceof io.netty.handler.timeout.TimeoutException
                    || cause instanceof io.vertx.core.impl.NoStackTraceTimeoutException) {
                Problems.gatewayTimeout(context.response());
            } else {
                Problems.badGateway(context.response());
            }
        }
    }
}

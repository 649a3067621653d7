package dev.oubli.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Routes each public path to the service that owns it (ARCHITECTURE.md, "Modules"), streaming requests
 * and responses through a Vert.x reverse proxy. The caller's Authorization header travels on: every
 * service validates the token itself. Each service gets the caller's address appended to X-Forwarded-For, and the
 * gateway's metrics label each request by its route, never by its raw path (ADR 0024).
 */
class ServiceRoutes {

    /** Where Quarkus's HTTP metrics read a request's route template (io.quarkus.micrometer HttpRequestMetric). */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /** Path prefixes of each service; a new API of a service is one line here. */
    static Map<String, List<String>> prefixes(GatewayConfig config) {
        return Map.of(
                config.contactsService().toString(), List.of("/api/contacts", "/api/contact-imports"),
                config.knowledgeService().toString(), List.of("/api/documents", "/api/notes", "/api/conversations", "/api/search",
                        "/api/guard-policy", "/api/erasure-policy", "/api/retention"),
                config.privacyService().toString(), List.of("/api/privacy-requests", "/api/consents", "/api/suppressions",
                        "/api/contact-checks", "/api/audit-events", "/api/disclosure-policies", "/api/unsubscribe-headers",
                        "/api/tenants", "/u", "/public"));
    }

    /** A JSON body's limit, as the services set it (ADR 0022): 1 MiB, but for these prefixes. */
    static final long JSON_BODY_LIMIT = 1024 * 1024;
    /** A document's PDF travels base64-encoded in its JSON; an import streams its file and is capped by contacts-service. */
    static final Map<String, Long> LARGER_BODIES = Map.of("/api/documents", 10L * 1024 * 1024, "/api/contact-imports", Long.MAX_VALUE);

    void route(@Observes Router router, Vertx vertx, GatewayConfig config) {
        prefixes(config).forEach((base, paths) -> {
            URI upstream = URI.create(base);
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setKeepAlive(true)
                    .setSsl("https".equals(upstream.getScheme())));
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(port(upstream), upstream.getHost());
            proxy.addInterceptor(new ForwardedFor());
            ProxyHandler handler = ProxyHandler.create(proxy);
            for (String path : paths) {
                Handler<RoutingContext> limited = bodyLimited(LARGER_BODIES.getOrDefault(path, JSON_BODY_LIMIT));
                router.route(path).handler(labelled(path)).handler(limited).handler(handler);
                router.route(path + "/*").handler(labelled(path + "/*")).handler(limited).handler(handler);
            }
        });
    }

    /**
     * Labels the request's metrics with the route, as Quarkus REST does for its endpoints (the same request-context
     * key): without it the raw path became the {@code uri} tag, carrying unsubscribe tokens and ids into the public
     * metrics and reaching Micrometer's limit of 100 URI tags, after which no new route was recorded.
     */
    private static Handler<RoutingContext> labelled(String route) {
        return context -> {
            Vertx.currentContext().putLocal(URL_PATH_TEMPLATE, route);
            context.next();
        };
    }

    /**
     * A declared body over the route's limit is refused here with a 413 problem, before a byte is read or sent on: the
     * service would refuse it too, but by closing the connection mid-body, which the proxy could only answer with a 502.
     */
    private static Handler<RoutingContext> bodyLimited(long limit) {
        return context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && exceeds(declared, limit)) {
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"type\":\"https://oubli.dev/problems/payload-too-large\",\"title\":\"Payload too large\","
                                + "\"status\":413,\"detail\":\"The body is larger than " + limit + " bytes, the limit of this endpoint.\"}");
            } else {
                context.next();
            }
        };
    }

    private static boolean exceeds(String declared, long limit) {
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Services see the caller's address: the gateway appends the peer it accepted the connection from. */
    static final class ForwardedFor implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            ProxyRequest request = context.request();
            SocketAddress peer = request.proxiedRequest().remoteAddress();
            if (peer != null && peer.hostAddress() != null) {
                request.headers().set(X_FORWARDED_FOR, appended(request.headers().getAll(X_FORWARDED_FOR), peer.hostAddress()));
            }
            return context.sendRequest();
        }

        static String appended(List<String> earlier, String peer) {
            List<String> hops = new ArrayList<>();
            for (String header : earlier) {
                if (!header.isBlank()) {
                    hops.add(header.strip());
                }
            }
            hops.add(peer);
            return String.join(", ", hops);
        }
    }

    private static int port(URI upstream) {
        if (upstream.getPort() != -1) {
            return upstream.getPort();
        }
        return "https".equals(upstream.getScheme()) ? 443 : 80;
    }
}

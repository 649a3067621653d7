package dev.oubli.gateway.routing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Routes each public path to the service that owns it (ARCHITECTURE.md, "Modules"), streaming requests
 * and responses through a Vert.x reverse proxy. The caller's Authorization header travels on: every
 * service validates the token itself.
 */
class ServiceRoutes {

    /** Path prefixes of each service; a new API of a service is one line here. */
    static Map<String, List<String>> prefixes(GatewayConfig config) {
        return Map.of(
                config.contactsService().toString(), List.of("/api/contacts", "/api/contact-imports"),
                config.knowledgeService().toString(), List.of("/api/documents", "/api/notes", "/api/conversations", "/api/search",
                        "/api/guard-policy", "/api/erasure-policy", "/api/retention"),
                config.privacyService().toString(), List.of("/api/privacy-requests", "/api/consents", "/api/suppressions",
                        "/api/contact-checks", "/api/audit-events", "/api/disclosure-policies", "/api/unsubscribe-headers",
                        "/u", "/public"));
    }

    void route(@Observes Router router, Vertx vertx, GatewayConfig config) {
        prefixes(config).forEach((base, paths) -> {
            URI upstream = URI.create(base);
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setKeepAlive(true)
                    .setSsl("https".equals(upstream.getScheme())));
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(port(upstream), upstream.getHost());
            ProxyHandler handler = ProxyHandler.create(proxy);
            for (String path : paths) {
                router.route(path).handler(handler);
                router.route(path + "/*").handler(handler);
            }
        });
    }

    private static int port(URI upstream) {
        if (upstream.getPort() != -1) {
            return upstream.getPort();
        }
        return "https".equals(upstream.getScheme()) ? 443 : 80;
    }
}

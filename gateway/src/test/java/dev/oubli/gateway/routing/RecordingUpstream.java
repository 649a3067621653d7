package dev.oubli.gateway.routing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stands in for the three services behind the gateway: answers every request with a JSON echo of
 * what it received (method, path with query, whether a bearer token came along, X-Forwarded-For, body) and names
 * itself, so a test sees which upstream a path was routed to.
 */
public class RecordingUpstream implements QuarkusTestResourceLifecycleManager {

    static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

    private HttpServer contacts;
    private HttpServer knowledge;
    private HttpServer privacy;
    private HttpServer web;

    /** A tenant whose budget is 3 requests a minute (oubli.gateway.rate-limits.tenants."…".tenant-per-minute). */
    static final String RATE_LIMITED_TENANT = "0f0f0f0f-0000-4000-8000-000000000429";
    /** A tenant whose clients have 2 requests a minute each (oubli.gateway.rate-limits.tenants."…".client-per-minute). */
    static final String CLIENT_LIMITED_TENANT = "0f0f0f0f-0000-4000-8000-000000000002";
    /** A client (token azp) with 1 request a minute (oubli.gateway.rate-limits.clients."…".client-per-minute). */
    static final String RATE_LIMITED_CLIENT = "tiny-client";
    /** A tenant privacy-service's registry does not serve (purged): GET /public/tenants/{it} answers 404. */
    static final String NOT_SERVED_TENANT = "0f0f0f0f-0000-4000-8000-000000000403";
    /** The web origin allowed to call the API from a browser. */
    static final String WEB_ORIGIN = "https://app.oubli.test";

    @Override
    public Map<String, String> start() {
        contacts = serve("contacts-service");
        knowledge = serve("knowledge-service");
        privacy = serve("privacy-service");
        web = serve("web");
        return Map.of(
                "oubli.gateway.contacts-service", url(contacts),
                "oubli.gateway.knowledge-service", url(knowledge),
                "oubli.gateway.privacy-service", url(privacy),
                "oubli.gateway.web-service", url(web),
                "oubli.gateway.rate-limits.tenants.\"" + RATE_LIMITED_TENANT + "\".tenant-per-minute", "3",
                "oubli.gateway.rate-limits.tenants.\"" + CLIENT_LIMITED_TENANT + "\".client-per-minute", "2",
                "oubli.gateway.rate-limits.clients.\"" + RATE_LIMITED_CLIENT + "\".client-per-minute", "1",
                "oubli.gateway.cors-origins", WEB_ORIGIN);
    }

    @Override
    public void stop() {
        contacts.stop(0);
        knowledge.stop(0);
        privacy.stop(0);
        web.stop(0);
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String header(com.sun.net.httpserver.HttpExchange exchange, String name) {
        return String.join(", ", exchange.getRequestHeaders().getOrDefault(name, java.util.List.of()));
    }

    private static HttpServer serve(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/q/openapi", exchange -> {
                // A service's own API document: one path it owns, one the gateway does not route to it.
                String own = switch (name) {
                    case "contacts-service" -> "/api/contacts/{id}";
                    case "knowledge-service" -> "/api/notes";
                    case "privacy-service" -> "/u/{token}";
                    default -> "/portal";
                };
                byte[] bytes = ("{\"openapi\":\"3.0.3\",\"paths\":{\"" + own + "\":{\"get\":{\"summary\":\"" + name
                        + "\"}},\"/api/not-routed-" + name + "\":{\"get\":{}}},\"components\":{\"schemas\":{\"" + name
                        + "\":{\"type\":\"object\"}}}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            com.sun.net.httpserver.HttpHandler echoing = exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String bearer = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).startsWith("Bearer ")
                        ? "true" : "false";
                String forwardedFor = header(exchange, "X-Forwarded-For");
                String echo = "{\"service\":\"" + name + "\",\"method\":\"" + exchange.getRequestMethod()
                        + "\",\"uri\":\"" + exchange.getRequestURI() + "\",\"bearer\":" + bearer
                        + ",\"forwardedFor\":\"" + forwardedFor + "\""
                        + ",\"forwarded\":\"" + header(exchange, "Forwarded").replace("\"", "\\\"") + "\""
                        + ",\"requestId\":\"" + header(exchange, "X-Request-Id") + "\""
                        + ",\"traceparent\":\"" + header(exchange, "traceparent") + "\""
                        + ",\"body\":\"" + body.replace("\"", "\\\"") + "\"}";
                RECEIVED.add(exchange.getRequestURI().toString());
                byte[] bytes = echo.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type",
                        exchange.getRequestURI().getPath().endsWith(".html") ? "text/html; charset=utf-8" : "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            };
            server.createContext("/", echoing);
            if (name.equals("privacy-service")) {
                // The tenant registry: a tenant not served (purged) is unknown to it, 404; every other one is served.
                server.createContext("/public/tenants/", exchange -> {
                    if (exchange.getRequestURI().getPath().equals("/public/tenants/" + NOT_SERVED_TENANT)) {
                        RECEIVED.add(exchange.getRequestURI().toString());
                        exchange.getRequestBody().readAllBytes();
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                    } else {
                        echoing.handle(exchange);
                    }
                });
            }
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

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

    @Override
    public Map<String, String> start() {
        contacts = serve("contacts-service");
        knowledge = serve("knowledge-service");
        privacy = serve("privacy-service");
        return Map.of(
                "oubli.gateway.contacts-service", url(contacts),
                "oubli.gateway.knowledge-service", url(knowledge),
                "oubli.gateway.privacy-service", url(privacy));
    }

    @Override
    public void stop() {
        contacts.stop(0);
        knowledge.stop(0);
        privacy.stop(0);
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static HttpServer serve(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String bearer = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).startsWith("Bearer ")
                        ? "true" : "false";
                String forwardedFor = String.join(", ", exchange.getRequestHeaders().getOrDefault("X-Forwarded-For", java.util.List.of()));
                String echo = "{\"service\":\"" + name + "\",\"method\":\"" + exchange.getRequestMethod()
                        + "\",\"uri\":\"" + exchange.getRequestURI() + "\",\"bearer\":" + bearer
                        + ",\"forwardedFor\":\"" + forwardedFor + "\""
                        + ",\"body\":\"" + body.replace("\"", "\\\"") + "\"}";
                RECEIVED.add(exchange.getRequestURI().toString());
                byte[] bytes = echo.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

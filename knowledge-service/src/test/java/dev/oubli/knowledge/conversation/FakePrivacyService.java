package dev.oubli.knowledge.conversation;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A stand-in for privacy-service's {@code GET /api/contact-checks/{checkId}}: answers the canned checks the tests
 * register (unknown ids: 404), {@link #SLOW} after 5 s and {@link #BROKEN} with a 500. Started once for every test of
 * the module; knowledge-service's {@code oubli.knowledge.privacy-service-url} points at it.
 */
public class FakePrivacyService implements QuarkusTestResourceLifecycleManager {

    static final UUID SLOW = UUID.randomUUID();
    static final UUID BROKEN = UUID.randomUUID();
    private static final Map<UUID, String> CHECKS = new ConcurrentHashMap<>();
    private HttpServer server;

    /** Registers a check as privacy-service would answer it; @return its id */
    static UUID check(String agent, String decision, String channel, String version, Instant checkedAt) {
        UUID id = UUID.randomUUID();
        CHECKS.put(id, """
                {"checkId":"%s","agentId":"%s","decision":"%s","reason":%s,"channel":"%s","purpose":"SERVICE",
                 "disclosureVersion":"%s","checkedAt":"%s"}""".formatted(id, agent, decision,
                "ALLOWED".equals(decision) ? "null" : "\"NO_CONSENT\"", channel, version, checkedAt));
        return id;
    }

    /** An ALLOWED check of now. */
    static UUID allowed(String agent, String channel, String version) {
        return check(agent, "ALLOWED", channel, version, Instant.now());
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/contact-checks/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            UUID id;
            try {
                id = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
            } catch (IllegalArgumentException e) {
                id = null;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            String body;
            if (auth == null || !auth.startsWith("Bearer ")) {
                status = 401;
                body = "{}";
            } else if (SLOW.equals(id)) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
                body = "{}";
            } else if (BROKEN.equals(id)) {
                status = 500;
                body = "{}";
            } else if (id != null && CHECKS.containsKey(id)) {
                status = 200;
                body = CHECKS.get(id);
            } else {
                status = 404;
                body = "{\"status\":404}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return Map.of("oubli.knowledge.privacy-service-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}

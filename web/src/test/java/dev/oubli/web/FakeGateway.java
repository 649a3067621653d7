package dev.oubli.web;

import dev.oubli.web.gateway.GatewayClient;
import dev.oubli.web.gateway.GatewayResponse;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway as the pages' tests script it: an answer per "METHOD path" (the newest wins), a 404 for anything not
 * scripted, and every call recorded with its body and bearer token.
 */
@Mock
@Singleton
public class FakeGateway extends GatewayClient {

    public record Call(String method, String path, Map<String, String> query, JsonObject body, String bearer) {
    }

    private final Map<String, GatewayResponse> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    FakeGateway(Vertx vertx, WebConfig config) {
        super(vertx, config);
    }

    public void answer(String method, String path, int status, JsonObject body) {
        answers.put(method + " " + path, new GatewayResponse(status, body));
    }

    public void reset() {
        answers.clear();
        calls.clear();
    }

    public List<Call> calls() {
        return calls;
    }

    public Call last(String method, String path) {
        return calls.stream().filter(call -> call.method().equals(method) && call.path().equals(path))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no call " + method + " " + path));
    }

    @Override
    public Uni<GatewayResponse> get(String path, Map<String, String> query, String bearer, String clientAddress) {
        calls.add(new Call("GET", path, query, null, bearer));
        return Uni.createFrom().item(answers.getOrDefault("GET " + path, new GatewayResponse(404, problem("not-found"))));
    }

    @Override
    public Uni<GatewayResponse> post(String path, JsonObject body, String bearer, String clientAddress) {
        calls.add(new Call("POST", path, Map.of(), body, bearer));
        return Uni.createFrom().item(answers.getOrDefault("POST " + path, new GatewayResponse(404, problem("not-found"))));
    }

    @Override
    public Uni<GatewayResponse> put(String path, JsonObject body, String bearer, String clientAddress) {
        calls.add(new Call("PUT", path, Map.of(), body, bearer));
        return Uni.createFrom().item(answers.getOrDefault("PUT " + path, new GatewayResponse(404, problem("not-found"))));
    }

    @Override
    public Uni<GatewayResponse> delete(String path, String bearer, String clientAddress) {
        calls.add(new Call("DELETE", path, Map.of(), null, bearer));
        return Uni.createFrom().item(answers.getOrDefault("DELETE " + path, new GatewayResponse(404, problem("not-found"))));
    }

    public static JsonObject problem(String type) {
        return new JsonObject().put("type", "https://oubli.dev/problems/" + type).put("title", type).put("detail", "detail of " + type);
    }
}

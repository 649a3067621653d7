package dev.oubli.web.gateway;

import dev.oubli.web.WebConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.Map;

/**
 * The pages' only way to the APIs: the gateway, with the caller's own bearer token (console) or none (portal). The web
 * module holds no credential of its own (docs/adr/0030).
 */
@Singleton
public class GatewayClient {

    private final WebClient client;
    private final long timeoutMillis;

    public GatewayClient(Vertx vertx, WebConfig config) {
        URI gateway = URI.create(config.gatewayUrl());
        this.timeoutMillis = config.gatewayTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost(gateway.getHost())
                .setDefaultPort(gateway.getPort() > 0 ? gateway.getPort() : ("https".equals(gateway.getScheme()) ? 443 : 80))
                .setSsl("https".equals(gateway.getScheme()))
                .setConnectTimeout((int) timeoutMillis)
                .setUserAgent("oubli-web"));
    }

    /**
     * GET {@code path} (already encoded) with the query parameters that are not blank. {@code clientAddress}: the
     * browser's, so that the gateway's and the services' per-address limits count each person, not this module.
     */
    public Uni<GatewayResponse> get(String path, Map<String, String> query, String bearer, String clientAddress) {
        HttpRequest<Buffer> request = prepare(client.get(path), bearer, clientAddress);
        query.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                request.addQueryParam(name, value);
            }
        });
        return answer(request.send());
    }

    public Uni<GatewayResponse> post(String path, JsonObject body, String bearer, String clientAddress) {
        HttpRequest<Buffer> request = prepare(client.post(path), bearer, clientAddress);
        return answer(request.sendJsonObject(body));
    }

    public Uni<GatewayResponse> put(String path, JsonObject body, String bearer, String clientAddress) {
        HttpRequest<Buffer> request = prepare(client.put(path), bearer, clientAddress);
        return answer(request.sendJsonObject(body));
    }

    public Uni<GatewayResponse> delete(String path, String bearer, String clientAddress) {
        return answer(prepare(client.delete(path), bearer, clientAddress).send());
    }

    private HttpRequest<Buffer> prepare(HttpRequest<Buffer> request, String bearer, String clientAddress) {
        request.timeout(timeoutMillis).putHeader("Accept", "application/json, application/problem+json");
        if (clientAddress != null) {
            // The gateway trusts this module's address as a proxy and keys its public limits on the browser's.
            request.putHeader("X-Forwarded-For", clientAddress);
        }
        if (bearer != null) {
            request.bearerTokenAuthentication(bearer);
        }
        return request;
    }

    /** A gateway that cannot be reached or does not answer in time is a 503 for the page, never a 500 error page. */
    private static Uni<GatewayResponse> answer(Uni<HttpResponse<Buffer>> sent) {
        return sent.map(GatewayClient::read)
                .onFailure().recoverWithItem(() -> new GatewayResponse(503, new JsonObject()));
    }

    private static GatewayResponse read(HttpResponse<Buffer> response) {
        JsonObject body = new JsonObject();
        Buffer buffer = response.body();
        if (buffer != null && buffer.length() > 0) {
            try {
                Object parsed = buffer.toJson();
                if (parsed instanceof JsonObject object) {
                    body = object;
                } else if (parsed instanceof io.vertx.core.json.JsonArray array) {
                    body = new JsonObject().put("items", array);
                }
            } catch (DecodeException notJson) {
                // an HTML page or a bare status: the status alone tells the page what to show
            }
        }
        return new GatewayResponse(response.statusCode(), body);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}

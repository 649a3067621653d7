package dev.oubli.gateway.routing;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The gateway's own refusals, as RFC 9457 problems with the same stable types as the services' (libs/problem). Their
 * texts are fixed: no path, header or token of the request ever goes into them.
 */
public final class Problems {

    private Problems() {
    }

    /** Writes the problem and ends the response, unless an answer has already started. */
    public static void send(HttpServerResponse response, int status, String type, String title, String detail) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(new JsonObject()
                        .put("type", "https://oubli.dev/problems/" + type)
                        .put("title", title)
                        .put("status", status)
                        .put("detail", detail)
                        .encode());
    }

    public static void unauthorized(HttpServerResponse response) {
        if (!response.headWritten() && !response.closed()) {
            // Quarkus may have answered an unusable token already (its head sent): setting a header then threw.
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        send(response, 401, "unauthorized", "Unauthorized", "A valid bearer token for this API is required.");
    }

    public static void noTenant(HttpServerResponse response) {
        send(response, 403, "forbidden", "Forbidden", "This API needs a token issued for a tenant (tenant_id).");
    }

    public static void tenantNotServed(HttpServerResponse response) {
        send(response, 403, "tenant-not-served", "Forbidden",
                "The tenant of this token is not served: its access has ended or is suspended.");
    }

    public static void notFound(HttpServerResponse response) {
        send(response, 404, "not-found", "Not found", "No route serves this path.");
    }

    public static void tooLarge(HttpServerResponse response, long limit) {
        send(response, 413, "payload-too-large", "Payload too large",
                "The body is larger than " + limit + " bytes, the limit of this endpoint.");
    }

    public static void tooManyRequests(HttpServerResponse response) {
        send(response, 429, "too-many-requests", "Too many requests", "The rate limit is reached; retry after the delay given.");
    }

    public static void badGateway(HttpServerResponse response) {
        send(response, 502, "bad-gateway", "Bad gateway", "The service behind this path could not be reached.");
    }

    public static void gatewayTimeout(HttpServerResponse response) {
        send(response, 504, "gateway-timeout", "Gateway timeout", "The service behind this path did not answer in time.");
    }
}

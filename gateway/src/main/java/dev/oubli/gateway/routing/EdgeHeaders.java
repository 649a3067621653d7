package dev.oubli.gateway.routing;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What every answer of the gateway carries, whoever wrote it (a service, the gateway's own refusals, Quarkus): the
 * request id, the security headers of SECURITY-CHECKLIST.md "Pages", {@code no-store} on personal data, and CORS for
 * the configured web origins only. Also what every request carries to its service: the caller's address
 * ({@code X-Forwarded-For}, {@code Forwarded}), the request id and a W3C {@code traceparent}.
 */
final class EdgeHeaders {

    static final String REQUEST_ID = "X-Request-Id";
    static final String TRACEPARENT = "traceparent";
    /** A caller's request id is kept when it is this plain; anything else is replaced (it goes into logs). */
    static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final Pattern VALID_TRACEPARENT = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
    /** For pages that bring none: their own inline style at most, nothing else, never framed. */
    static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'";
    /** The Swagger UI's page runs its own scripts and styles, inline ones included, and nothing from elsewhere. */
    static final String SWAGGER_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";
    static final List<String> NO_STORE_PREFIXES = List.of("/api/", "/u/", "/public/");
    /**
     * Characters of a request target, as the services allow (libs/problem RequestHeadLimits, ADR 0055): a longer one
     * is refused here with a problem on a connection that stays open, not by the HTTP codec (which closes it).
     */
    static final int MAX_TARGET = 8 * 1024;
    /** Bytes of a request's headers: the services allow 32 KiB, room for the headers the gateway adds. */
    static final int MAX_HEADERS = 16 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<String> corsOrigins;

    EdgeHeaders(GatewayConfig config) {
        this.corsOrigins = config.corsOrigins().orElse(List.of());
    }

    /** Runs first for every request: fixes its request id and trace, and decorates whatever answer it gets. */
    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String requestId = request.getHeader(REQUEST_ID);
        if (requestId == null || !VALID_REQUEST_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
        }
        String traceparent = request.getHeader(TRACEPARENT);
        if (traceparent == null || !VALID_TRACEPARENT.matcher(traceparent).matches()) {
            traceparent = "00-" + randomHex(16) + "-" + randomHex(8) + "-00";
        }
        context.put(REQUEST_ID, requestId);
        context.put(TRACEPARENT, traceparent);
        String finalRequestId = requestId;
        HttpServerResponse response = context.response();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean allowedOrigin = origin != null && corsOrigins.contains(origin);
        context.addHeadersEndHandler(ignored -> decorate(request, response, finalRequestId, allowedOrigin ? origin : null));

        if (request.uri().length() > MAX_TARGET) {
            Problems.send(response, 414, "uri-too-long", "URI too long",
                    "The request target is longer than " + MAX_TARGET + " characters.");
            return;
        }
        if (headerBytes(request.headers()) > MAX_HEADERS) {
            Problems.send(response, 431, "header-fields-too-large", "Request header fields too large",
                    "The request's headers are larger than " + MAX_HEADERS + " bytes.");
            return;
        }

        if (request.method() == HttpMethod.OPTIONS && origin != null && request.headers().contains("Access-Control-Request-Method")) {
            if (allowedOrigin) {
                response.setStatusCode(204)
                        .putHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
                        .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, X-Request-Id, traceparent")
                        .putHeader("Access-Control-Max-Age", "600")
                        .end();
            } else {
                Problems.send(response, 403, "forbidden", "Forbidden", "This origin may not call the API from a browser.");
            }
            return;
        }
        context.next();
    }

    static int headerBytes(MultiMap headers) {
        int bytes = 0;
        for (java.util.Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private static void decorate(HttpServerRequest request, HttpServerResponse response, String requestId, String origin) {
        MultiMap headers = response.headers();
        headers.set(REQUEST_ID, requestId);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        String type = headers.get(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/html")) {
            String policy = headers.get("Content-Security-Policy");
            if (request.path() != null && request.path().startsWith("/q/swagger-ui")) {
                headers.set("Content-Security-Policy", SWAGGER_POLICY);
            } else if (policy == null || policy.isBlank()) {
                headers.set("Content-Security-Policy", PAGE_POLICY);
            } else if (!policy.contains("frame-ancestors")) {
                headers.set("Content-Security-Policy", policy + "; frame-ancestors 'none'");
            }
        }
        if (request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))) {
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        String path = request.path() == null ? "" : request.path() + "/";
        if (NO_STORE_PREFIXES.stream().anyMatch(path::startsWith)) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        headers.remove("Access-Control-Allow-Origin");
        if (origin != null) {
            headers.set("Access-Control-Allow-Origin", origin);
            headers.set("Access-Control-Expose-Headers", "Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
                    + "RateLimit-Reset, RateLimit-Policy, X-Request-Id");
            headers.add(HttpHeaders.VARY, "Origin");
        }
    }

    /** Headers for the service: the caller's address appended to the proxies before, the request id and trace. */
    static MultiMap toService(RoutingContext context) {
        HttpServerRequest request = context.request();
        MultiMap extra = MultiMap.caseInsensitiveMultiMap();
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String proto = request.isSSL() ? "https" : "http";
        if (peer != null) {
            extra.set("X-Forwarded-For", appended(request.headers().getAll("X-Forwarded-For"), peer));
            String node = peer.contains(":") ? "\"[" + peer + "]\"" : peer;
            String host = request.authority() == null ? null : request.authority().toString();
            String element = "for=" + node + ";proto=" + proto + (host == null ? "" : ";host=\"" + host.replace("\"", "") + "\"");
            extra.set("Forwarded", appended(request.headers().getAll("Forwarded"), element));
        }
        if (!request.headers().contains("X-Forwarded-Proto")) {
            extra.set("X-Forwarded-Proto", proto);
        }
        extra.set(REQUEST_ID, (String) context.get(REQUEST_ID));
        extra.set(TRACEPARENT, (String) context.get(TRACEPARENT));
        return extra;
    }

    static String appended(List<String> earlier, String hop) {
        StringBuilder hops = new StringBuilder();
        for (String header : earlier) {
            if (!header.isBlank()) {
                hops.append(header.strip()).append(", ");
            }
        }
        return hops.append(hop).toString();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

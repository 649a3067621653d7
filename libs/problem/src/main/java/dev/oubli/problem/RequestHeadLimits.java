package dev.oubli.problem;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * A request target or a block of headers over the limit gets a 414 or 431 problem, on a connection that stays open
 * (ADR 0055). Left to the HTTP codec, the same request got an empty 414 or 431 and its connection was then closed
 * without {@code Connection: close}: a client that pools connections (the JDK's, the gateway's own) could send its
 * next request on that connection and lose it, and a POST is not retried. The codec's own limits are set far above
 * these (each service's {@code quarkus.http.limits.max-initial-line-length} and {@code max-header-size}), so only
 * heads no client means to send still reach it.
 */
@ApplicationScoped
public class RequestHeadLimits {

    /** Characters of the request target (path and query), as most servers and proxies allow. */
    public static final int MAX_TARGET = 8 * 1024;
    /** Bytes of all header names and values: above the gateway's own limit plus the headers it adds. */
    public static final int MAX_HEADERS = 32 * 1024;

    void install(@Observes Router router) {
        // After EarlyAnswerDrain (MIN_VALUE + 50): a body sent with a refused head is read and discarded.
        router.route().order(Integer.MIN_VALUE + 60).handler(context -> {
            HttpServerRequest request = context.request();
            if (request.uri().length() > MAX_TARGET) {
                refuse(request, 414, "uri-too-long", "URI too long",
                        "The request target is longer than " + MAX_TARGET + " characters.");
            } else if (headerBytes(request.headers()) > MAX_HEADERS) {
                refuse(request, 431, "header-fields-too-large", "Request header fields too large",
                        "The request's headers are larger than " + MAX_HEADERS + " bytes.");
            } else {
                context.next();
            }
        });
    }

    static int headerBytes(MultiMap headers) {
        int bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private static void refuse(HttpServerRequest request, int status, String type, String title, String detail) {
        request.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemExceptionMapper.PROBLEM_JSON.toString())
                .end(new JsonObject()
                        .put("type", ProblemExceptionMapper.TYPE_BASE + type)
                        .put("title", title)
                        .put("status", status)
                        .put("detail", detail)
                        .encode());
    }
}

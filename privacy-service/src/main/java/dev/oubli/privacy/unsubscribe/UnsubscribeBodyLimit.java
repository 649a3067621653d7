package dev.oubli.privacy.unsubscribe;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A post to {@code /u/*} needs only {@code List-Unsubscribe=One-Click} (RFC 8058): a body longer than {@link #MAX_BYTES},
 * or one of unknown length (chunked), is refused before it is read. Quarkus REST's form parser fails on a field above
 * {@code quarkus.http.limits.max-form-attribute-size} outside the request context, which answered 500 and logged the
 * path, and with it the token.
 */
class UnsubscribeBodyLimit {

    static final int MAX_BYTES = 8 * 1024;

    @ServerRequestFilter(preMatching = true)
    Response refuseLargeBodies(HttpServerRequest http) {
        if (!http.path().startsWith("/u/") || !"POST".equals(http.method().name())) {
            return null;
        }
        String length = http.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return http.getHeader(HttpHeaders.TRANSFER_ENCODING) == null ? null : refused(Response.Status.LENGTH_REQUIRED);
        }
        try {
            return Long.parseLong(length.trim()) > MAX_BYTES ? refused(Response.Status.REQUEST_ENTITY_TOO_LARGE) : null;
        } catch (NumberFormatException e) {
            return refused(Response.Status.BAD_REQUEST);
        }
    }

    private static Response refused(Response.Status status) {
        return Response.status(status).header("Cache-Control", "no-store").header("Connection", "close").build();
    }
}

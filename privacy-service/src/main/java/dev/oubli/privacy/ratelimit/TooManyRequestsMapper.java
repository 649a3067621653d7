package dev.oubli.privacy.ratelimit;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The problem every other {@code ProblemException} gets, plus the {@code Retry-After} header. */
class TooManyRequestsMapper {

    record Problem(String type, String title, int status, String detail) {
    }

    @ServerExceptionMapper
    Response tooManyRequests(TooManyRequestsException e) {
        return Response.status(429).type(MediaType.valueOf("application/problem+json"))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new Problem("https://oubli.dev/problems/too-many-requests", "Too many requests", 429, e.getMessage()))
                .build();
    }
}

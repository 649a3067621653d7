package dev.oubli.knowledge.guard;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Answers a blocked write with an RFC 9457 problem like every other error (libs/problem), extended with
 * {@code findings}: each finding's field, kind, offsets and action, never its value.
 */
class SensitiveDataBlockedMapper {

    static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");

    record BlockedProblem(String type, String title, int status, String detail, List<GuardReport> findings) {
    }

    @ServerExceptionMapper
    Response blocked(SensitiveDataBlockedException e) {
        return Response.status(422).type(PROBLEM_JSON).entity(new BlockedProblem(
                "https://oubli.dev/problems/sensitive-data-blocked", "Sensitive data refused", 422,
                "The text holds data this tenant's guard policy refuses to store (" + e.findings().size()
                        + " finding(s), listed with their field, kind and position). Remove it and send again.",
                e.findings())).build();
    }
}

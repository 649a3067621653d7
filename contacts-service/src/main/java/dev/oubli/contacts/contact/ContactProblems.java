package dev.oubli.contacts.contact;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** RFC 9457 problem responses of the contact API: a stable type, a title, a detail without personal data. */
class ContactProblems {

    private static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");

    @ServerExceptionMapper
    Response notFound(ContactNotFoundException e) {
        return problem(404, "contact-not-found", "Contact not found", e.getMessage());
    }

    @ServerExceptionMapper
    Response invalid(InvalidContactException e) {
        return problem(400, "invalid-contact", "Invalid contact", e.getMessage());
    }

    private static Response problem(int status, String type, String title, String detail) {
        return Response.status(status).type(PROBLEM_JSON)
                .entity(Map.of("type", "https://oubli.dev/problems/" + type, "title", title, "status", status, "detail", detail))
                .build();
    }
}

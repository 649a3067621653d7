package dev.oubli.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.DateTimeException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Answers errors as RFC 9457 {@code application/problem+json}: a stable type URI, a title, the status and a
 * detail that names the field at fault. Never a stack trace, a class name or a value the caller sent (it
 * may be an email address).
 */
class ProblemExceptionMapper {

    static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");
    static final String TYPE_BASE = "https://oubli.dev/problems/";

    /** The body of every error answer. */
    record Problem(String type, String title, int status, String detail) {
    }

    @ServerExceptionMapper
    Response problem(ProblemException e) {
        Problem problem = new Problem(TYPE_BASE + e.type(), e.title(), e.status(), e.getMessage());
        if (e.retryAfterSeconds() > 0) {
            return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem)
                    .header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
        }
        return answer(problem);
    }

    /** An unknown address, or a path or query parameter Quarkus REST could not convert (JAX-RS: 404). */
    @ServerExceptionMapper
    Response notFound(NotFoundException e) {
        return answer(new Problem(TYPE_BASE + "not-found", "Not found", 404, "Nothing is found at this address."));
    }

    /** A date or time out of range or malformed, found after the body was read (a parameter, arithmetic on it). */
    @ServerExceptionMapper
    Response dateOutOfRange(DateTimeException e) {
        return invalidRequest("A date or time is malformed or outside years 1 to 9999.");
    }

    /**
     * A token that failed verification (Quarkus adds the RFC 6750 challenge header); why it failed is not told. A
     * request with no token at all is refused by the HTTP permission policy before any endpoint: Quarkus's own
     * challenge, without a body.
     */
    @ServerExceptionMapper
    Response unauthorized(AuthenticationFailedException e) {
        return answer(new Problem(TYPE_BASE + "unauthorized", "Unauthorized", 401, "A valid bearer access token is required."));
    }

    /** A valid token without the role this operation needs. */
    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return answer(new Problem(TYPE_BASE + "forbidden", "Forbidden", 403, "The access token does not grant this operation."));
    }

    /**
     * Quarkus REST wraps a body that is not JSON at all; a wrong method (405, with its Allow header), an Accept that
     * cannot be met (406) and a wrong content type (415) become problems too. Other HTTP errors keep their answer.
     */
    @ServerExceptionMapper
    Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableBody(json);
        }
        Response original = e.getResponse();
        Problem problem = switch (original.getStatus()) {
            case 405 -> new Problem(TYPE_BASE + "method-not-allowed", "Method not allowed", 405,
                    "This address does not accept this HTTP method; the Allow header lists those it accepts.");
            case 406 -> new Problem(TYPE_BASE + "not-acceptable", "Not acceptable", 406,
                    "This address cannot answer in any media type the Accept header lists.");
            case 415 -> new Problem(TYPE_BASE + "unsupported-media-type", "Unsupported media type", 415,
                    "This address does not accept a body of this Content-Type.");
            default -> null;
        };
        if (problem == null) {
            return original;
        }
        Response.ResponseBuilder answer = Response.status(problem.status()).type(PROBLEM_JSON).entity(problem);
        if (original.getHeaderString(HttpHeaders.ALLOW) != null) {
            answer.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
        }
        return answer.build();
    }

    /** Malformed JSON, unknown fields and values of the wrong type. Jackson's own messages quote the input. */
    @ServerExceptionMapper({JsonParseException.class, MismatchedInputException.class, JsonProcessingException.class})
    Response unreadableBody(JsonProcessingException e) {
        String detail;
        if (causedBy(e, StreamConstraintsException.class)) {
            detail = "The body exceeds a limit: nesting depth " + InputDefence.MAX_NESTING_DEPTH + ", text length "
                    + InputDefence.MAX_STRING_LENGTH + " characters or number length " + InputDefence.MAX_NUMBER_LENGTH + " digits.";
        } else if (e instanceof InputDefence.NulCharacterException nul) {
            detail = path(nul.getPath()) + " holds a NUL character, which no text accepts.";
        } else if (e instanceof InputDefence.DateOutOfRangeException date) {
            detail = path(date.getPath()) + " is a date outside years 1 to 9999.";
        } else if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "The body has a field this endpoint does not accept"
                    + where(unknown.getPath().subList(0, unknown.getPath().size() - 1))
                    + "; accepted there: " + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")) + ".";
        } else if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty() && !isSyntaxError(e)) {
            detail = path(mapping.getPath()) + " has a value of the wrong type or format.";
        } else {
            detail = "The body is not valid JSON.";
        }
        return answer(new Problem(TYPE_BASE + "invalid-request", "Invalid request", 400, detail));
    }

    /** Jackson reports broken JSON inside a field as a mapping error at that field: the cause tells. */
    private static boolean isSyntaxError(Throwable e) {
        return causedBy(e, StreamReadException.class);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String where(List<JsonMappingException.Reference> path) {
        return path.isEmpty() ? "" : " in " + path(path);
    }

    /** {@code subject.contactIds[0]}: field names of the request's own records and positions, nothing sent. */
    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                text.append('[').append(step.getIndex()).append(']');
            }
        }
        return text.isEmpty() ? "the body" : text.toString();
    }

    static Response invalidRequest(String detail) {
        return answer(new Problem(TYPE_BASE + "invalid-request", "Invalid request", 400, detail));
    }

    private static Response answer(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem).build();
    }
}

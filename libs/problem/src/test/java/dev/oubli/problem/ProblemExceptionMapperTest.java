package dev.oubli.problem;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemExceptionMapperTest {

    private final ProblemExceptionMapper mapper = new ProblemExceptionMapper();

    private static ProblemExceptionMapper.Problem problem(Response answer) {
        assertThat(answer.getMediaType()).hasToString("application/problem+json");
        return (ProblemExceptionMapper.Problem) answer.getEntity();
    }

    @Test
    void answersAWrongContentTypeAsAProblem() {
        Response answer = mapper.webApplication(new NotSupportedException());
        assertThat(answer.getStatus()).isEqualTo(415);
        assertThat(problem(answer).type()).isEqualTo("https://oubli.dev/problems/unsupported-media-type");
    }

    @Test
    void answersAWrongMethodAsAProblemKeepingTheAllowHeader() {
        Response answer = mapper.webApplication(new NotAllowedException("GET", new String[]{"POST"}));
        assertThat(answer.getStatus()).isEqualTo(405);
        assertThat(problem(answer).type()).isEqualTo("https://oubli.dev/problems/method-not-allowed");
        assertThat(answer.getHeaderString(HttpHeaders.ALLOW)).contains("GET").contains("POST");
    }

    @Test
    void answersAnAcceptThatCannotBeMetAsAProblem() {
        Response answer = mapper.webApplication(new NotAcceptableException());
        assertThat(answer.getStatus()).isEqualTo(406);
        assertThat(problem(answer).type()).isEqualTo("https://oubli.dev/problems/not-acceptable");
    }

    @Test
    void answersADateOutOfRangeOrMalformedAs400() {
        assertThat(mapper.dateOutOfRange(new DateTimeException("Invalid value for Year: 200000")).getStatus()).isEqualTo(400);
        Response answer = mapper.dateOutOfRange(new DateTimeParseException("Text '+200000-01-01' could not be parsed", "+200000-01-01", 0));
        assertThat(problem(answer).detail()).doesNotContain("200000");
    }

}

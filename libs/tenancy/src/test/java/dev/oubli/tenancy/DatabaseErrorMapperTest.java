package dev.oubli.tenancy;

import io.vertx.pgclient.PgException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import org.hibernate.exception.DataException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseErrorMapperTest {

    private final DatabaseErrorMapper mapper = new DatabaseErrorMapper();

    private static DatabaseErrorMapper.Problem problem(Response answer) {
        assertThat(answer.getMediaType()).hasToString("application/problem+json");
        return (DatabaseErrorMapper.Problem) answer.getEntity();
    }

    @ParameterizedTest
    @ValueSource(strings = {"22021", "22P05", "22008", "22001", "54000", "22003"})
    void answersInputThePostgresClientRefusesAs400WithoutItsMessage(String state) {
        Response answer = mapper.databaseError(new PgException("invalid byte sequence: ada@example.com", "ERROR", state, "ada@example.com"));
        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(problem(answer).detail()).doesNotContain("ada@example.com").doesNotContain(state);
    }

    @Test
    void findsTheSqlStateHibernateReactiveCarriesInItsWrappedJdbcException() {
        PersistenceException wrapped = new PersistenceException(new CompletionException(
                new DataException("could not execute statement", new SQLException("value too long: Ada", "22001"))));
        assertThat(mapper.databaseError(wrapped).getStatus()).isEqualTo(400);
    }

    @Test
    void answersAnyOtherDatabaseErrorAs500ProblemWithoutItsMessage() {
        Response answer = mapper.databaseError(new PgException("duplicate key (email)=(ada@example.com)", "ERROR", "23505", null));
        assertThat(answer.getStatus()).isEqualTo(500);
        assertThat(problem(answer).type()).isEqualTo("https://oubli.dev/problems/internal-error");
        assertThat(problem(answer).detail()).doesNotContain("ada@example.com");
    }
}

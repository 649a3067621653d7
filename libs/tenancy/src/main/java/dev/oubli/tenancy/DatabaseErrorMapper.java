package dev.oubli.tenancy;

import io.vertx.sqlclient.DatabaseException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.Map;

/**
 * The last resort for a database error that reached an endpoint. Input the database refuses (a byte sequence it
 * cannot store, a date or number out of its range, a text too long for its column or for a search index) is the
 * caller's mistake: a 400 problem. Anything else is a 500 problem. Either way only the SQLState is logged for data
 * errors (classes 22 and 23): their messages may quote the value, which may be personal data.
 */
class DatabaseErrorMapper {

    private static final Logger LOG = Logger.getLogger(DatabaseErrorMapper.class);
    private static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");

    /** SQLState → the detail told to the caller. */
    private static final Map<String, String> REFUSED_INPUT = Map.of(
            "22021", "A text holds a character or byte sequence the database cannot store.",
            "22P05", "A text holds a character or byte sequence the database cannot store.",
            "22008", "A date or time is outside the range the database stores.",
            "22007", "A date or time is malformed.",
            "22003", "A number is outside the range the database stores.",
            "22001", "A text is longer than its field accepts.",
            "54000", "A text is too long to be indexed for search.");

    record Problem(String type, String title, int status, String detail) {
    }

    @ServerExceptionMapper({PersistenceException.class, DatabaseException.class})
    Response databaseError(Exception e) {
        String state = sqlState(e);
        String detail = state == null ? null : REFUSED_INPUT.get(state);
        if (detail != null) {
            LOG.infof("Refused input the database would not take: SQLState %s", state);
            return answer(new Problem("https://oubli.dev/problems/invalid-request", "Invalid request", 400, detail));
        }
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            LOG.errorf("A database data error ended a request: SQLState %s (%s)", state, e.getClass().getName());
        } else {
            LOG.errorf(e, "A database error ended a request: SQLState %s", state);
        }
        return answer(new Problem("https://oubli.dev/problems/internal-error", "Internal error", 500,
                "The service could not complete this request."));
    }

    /** The first SQLState along the causes: Vert.x's client, or JDBC's as Hibernate Reactive rethrows it. */
    static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseException database && database.getSqlState() != null) {
                return database.getSqlState();
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static Response answer(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem).build();
    }
}

package dev.oubli.outbox;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that says nothing about the event (the database or the broker is unreachable, restarting,
 * overloaded, or a transaction lost a race) from one that may: the first is retried for as long as it lasts,
 * the event is never dead-lettered for it.
 */
public final class TransientFailures {

    /** SQLSTATEs of a server that cannot serve now, whatever the statement (PostgreSQL appendix A). */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57P01", // admin_shutdown (pg_terminate_backend, a restart)
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now (starting up, in recovery)
            "57014", // query_canceled (statement timeout under load)
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available
            "55006"); // object_in_use

    private TransientFailures() {
    }

    /** @return true when {@code failure}, or one of its causes, is a transient unavailability */
    public static boolean isTransient(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            String state = sqlState(e);
            if (state != null) {
                return transientState(state);
            }
            if (e instanceof IOException // connection refused, reset or closed; unknown host
                    || e instanceof TimeoutException
                    || e instanceof ClosedConnectionException
                    || e instanceof SQLTransientException || e instanceof SQLRecoverableException
                    || e instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static String sqlState(Throwable e) {
        if (e instanceof DatabaseException database) {
            return database.getSqlState();
        }
        if (e instanceof SQLException sql) {
            return sql.getSQLState();
        }
        return null;
    }

    private static boolean transientState(String state) {
        return state.startsWith("08") // connection exception
                || state.startsWith("53") // insufficient resources: too many connections, disk full, out of memory
                || state.startsWith("28") // authorization: the service's role or password, never the event
                || TRANSIENT_STATES.contains(state);
    }
}

package dev.oubli.knowledge.paging;

import dev.oubli.problem.ProblemException;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The common part of every listing's query: where to start, how many, and the time window. */
public record PageRequest(Optional<Cursor> after, int limit, Optional<OffsetDateTime> from, Optional<OffsetDateTime> to) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** Reads the query parameters {@code cursor}, {@code limit}, {@code from} and {@code to} (ISO-8601, from inclusive, to exclusive). */
    public static PageRequest of(String cursor, Integer limit, String from, String to) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw ProblemException.invalidRequest("limit must be between 1 and " + MAX_LIMIT + ".");
        }
        Optional<OffsetDateTime> start = time("from", from);
        Optional<OffsetDateTime> end = time("to", to);
        if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
            throw ProblemException.invalidRequest("from must be before to.");
        }
        return new PageRequest(Optional.ofNullable(cursor).filter(c -> !c.isBlank()).map(Cursor::decode),
                limit == null ? DEFAULT_LIMIT : limit, start, end);
    }

    /** A date-time with offset, in UTC, within years 1 to 9999 there (the range every client and PostgreSQL read alike). */
    private static Optional<OffsetDateTime> time(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw ProblemException.invalidRequest(name + " must be an ISO-8601 date-time with offset, such as 2027-01-31T00:00:00Z.");
        }
        if (!withinYears(time)) {
            throw ProblemException.invalidRequest(name + " must lie within years 1 to 9999.");
        }
        return Optional.of(time);
    }

    static boolean withinYears(OffsetDateTime utc) {
        return utc.getYear() >= 1 && utc.getYear() <= 9999;
    }
}

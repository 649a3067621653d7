package dev.oubli.knowledge.paging;

import dev.oubli.problem.ProblemException;

import java.time.OffsetDateTime;
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

    private static Optional<OffsetDateTime> time(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value));
        } catch (RuntimeException e) {
            throw ProblemException.invalidRequest(name + " must be an ISO-8601 date-time with offset, such as 2027-01-31T00:00:00Z.");
        }
    }
}

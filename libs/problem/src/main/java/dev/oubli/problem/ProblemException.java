package dev.oubli.problem;

/**
 * A request the service answers with an RFC 9457 problem (see {@link ProblemExceptionMapper}). The detail is
 * shown to the caller as is: it names fields and positions, never a value the caller sent.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private int retryAfterSeconds;

    /**
     * @param type   the last segment of the type URI, a stable slug such as {@code contact-not-found}
     * @param detail shown to the caller: names fields and positions, never a value the caller sent
     */
    public ProblemException(int status, String type, String title, String detail) {
        // An expected answer, not a bug: no stack trace.
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ProblemException invalidRequest(String detail) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }

    public static ProblemException forbidden(String type, String title, String detail) {
        return new ProblemException(403, type, title, detail);
    }

    /** A 503 worth retrying: answered with {@code Retry-After: seconds}. @return this */
    public ProblemException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Seconds for the Retry-After header; 0 for none. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    int status() {
        return status;
    }

    /** The last segment of the problem's type URI, under {@code https://oubli.dev/problems/}. */
    String type() {
        return type;
    }

    String title() {
        return title;
    }
}

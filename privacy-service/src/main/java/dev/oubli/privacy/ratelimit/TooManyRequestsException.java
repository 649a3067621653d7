package dev.oubli.privacy.ratelimit;

import dev.oubli.problem.ProblemException;

/** 429 {@code too-many-requests}, answered with {@code Retry-After} (seconds). */
public final class TooManyRequestsException extends ProblemException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(long retryAfterSeconds) {
        super(429, "too-many-requests", "Too many requests", "Too many requests from this client or to this address; try again later.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package dev.oubli.privacy.privacyrequest;

/**
 * A status change {@link PrivacyRequestLifecycle} does not allow: to the caller, a conflict with the request's
 * current status (HTTP 409). The message names the statuses only.
 */
class IllegalTransitionException extends RuntimeException {

    private final PrivacyRequestStatus from;
    private final PrivacyRequestStatus to;

    IllegalTransitionException(PrivacyRequestStatus from, PrivacyRequestStatus to) {
        // The stack trace is kept: outside a caller's request (a receipt, the watchdog), this is a bug to find.
        super("A privacy request that is " + from + " cannot become " + to + ".");
        this.from = from;
        this.to = to;
    }

    PrivacyRequestStatus from() {
        return from;
    }

    PrivacyRequestStatus to() {
        return to;
    }
}

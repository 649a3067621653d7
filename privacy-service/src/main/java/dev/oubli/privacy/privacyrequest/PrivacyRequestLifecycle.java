package dev.oubli.privacy.privacyrequest;

import java.util.Set;

import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.CANCELLED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.COMPLETED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.FAILED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.IDENTITY_PENDING;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.IN_PROGRESS;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.PARTIALLY_COMPLETED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.REJECTED;

/**
 * The one place that says which status of a privacy request may follow which. Every status change goes
 * through {@link #transition} or {@link #close}, so that a request can never be reopened or skip a step.
 */
final class PrivacyRequestLifecycle {

    private PrivacyRequestLifecycle() {
    }

    /**
     * The statuses {@code from} may become. Moving to the same status is not a transition: it is never listed.
     * The switch has no default, so a new status does not compile until its rule is written here.
     */
    static Set<PrivacyRequestStatus> nextOf(PrivacyRequestStatus from) {
        return switch (from) {
            // A self-service request first waits for the subject's proof of identity; a staff request goes
            // to the owners at once. It may be refused or withdrawn before any work starts, and a request no
            // owner handles has nothing to wait for: it is completed at once.
            case RECEIVED -> Set.of(IDENTITY_PENDING, IN_PROGRESS, REJECTED, CANCELLED, COMPLETED);
            // Proven, refused (identity not verified), or abandoned (the code expired). Nothing has been sent
            // to the owners yet, so it cannot be completed from here.
            case IDENTITY_PENDING -> Set.of(IN_PROGRESS, REJECTED, CANCELLED);
            // The owners' receipts settle it (or the watchdog fails it); it can still be cancelled, but no
            // longer rejected: refusing is decided before the owners start.
            case IN_PROGRESS -> Set.of(COMPLETED, PARTIALLY_COMPLETED, FAILED, CANCELLED);
            // Settled with a failed owner: an officer may retry a failed task, which puts it back in progress
            // (docs/adr/0041), within the same legal clock. An export settled so whose bundle can never be delivered
            // does not claim success: FAILED (EXPORT_FAILED, docs/adr/0054); a bundle assembled after all (a dead letter
            // replayed) gives it back the status its tasks say.
            case PARTIALLY_COMPLETED -> Set.of(IN_PROGRESS, FAILED);
            case FAILED -> Set.of(IN_PROGRESS, COMPLETED, PARTIALLY_COMPLETED);
            // Every owner did its part; an export's bundle may still fail to be delivered (docs/adr/0054).
            case COMPLETED -> Set.of(FAILED);
            // Settled: the subject was answered. Asking again is a new request with a new legal clock.
            case REJECTED, CANCELLED -> Set.of();
        };
    }

    static boolean allows(PrivacyRequestStatus from, PrivacyRequestStatus to) {
        return nextOf(from).contains(to);
    }

    /**
     * Settled: no owner is waited for; only an officer's retry reopens a PARTIALLY_COMPLETED or FAILED request (an
     * export's failed delivery moves a settled request between settled statuses only).
     */
    static boolean isTerminal(PrivacyRequestStatus status) {
        return switch (status) {
            case RECEIVED, IDENTITY_PENDING, IN_PROGRESS -> false;
            case COMPLETED, PARTIALLY_COMPLETED, FAILED, REJECTED, CANCELLED -> true;
        };
    }

    /**
     * @return {@code to}, when {@code from} may become it
     * @throws IllegalTransitionException otherwise, including for {@code from == to}
     */
    static PrivacyRequestStatus transition(PrivacyRequestStatus from, PrivacyRequestStatus to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(from, to);
        }
        return to;
    }

    /**
     * A transition that ends the request without doing it ({@link PrivacyRequestStatus#REJECTED},
     * {@link PrivacyRequestStatus#CANCELLED}, {@link PrivacyRequestStatus#FAILED}), for a reason that explains it.
     *
     * @return {@code to}
     * @throws IllegalTransitionException when {@code from} may not become {@code to}
     * @throws IllegalArgumentException   when the reason does not explain {@code to}
     */
    static PrivacyRequestStatus close(PrivacyRequestStatus from, PrivacyRequestStatus to, ClosingReason reason) {
        transition(from, to);
        if (!reason.explains(to)) {
            throw new IllegalArgumentException(reason + " does not explain a request that is " + to);
        }
        return to;
    }
}

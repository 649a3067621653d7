package dev.oubli.privacy.privacyrequest;

import java.util.Set;

import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.CANCELLED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.FAILED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.REJECTED;

/**
 * Why a request ended without being done: a code, never free text, so that no personal data can leak through
 * it. Each code explains only the statuses it names.
 */
enum ClosingReason {
    /** The identifiers given match no one the tenant holds data about. */
    NO_MATCH(REJECTED),
    /** The identifiers given are not enough to tell who the subject is (Art. 11(2), 12(6)). */
    INSUFFICIENT_IDENTIFICATION(REJECTED),
    /** Manifestly unfounded (Art. 12(5)). */
    MANIFESTLY_UNFOUNDED(REJECTED),
    /** Excessive, in particular because repeated (Art. 12(5)). */
    EXCESSIVE(REJECTED),
    /** The same subject already has the same request open. */
    DUPLICATE(REJECTED, CANCELLED),
    /** The subject did not prove who they are: refused, or the one-time code expired. */
    IDENTITY_NOT_VERIFIED(REJECTED, CANCELLED),
    /** The subject withdrew the request. */
    WITHDRAWN(CANCELLED),
    /** Some owners never sent their receipt, despite the watchdog's bounded re-publications. */
    RECEIPTS_OVERDUE(FAILED),
    /**
     * Every owner did its part, but the export's bundle could not be delivered: its chunks never all came despite the
     * watchdog's re-requests (docs/adr/0054). Set by the watchdog only; a bundle assembled later settles it again.
     */
    EXPORT_FAILED(FAILED);

    private final Set<PrivacyRequestStatus> explained;

    ClosingReason(PrivacyRequestStatus... explained) {
        this.explained = Set.of(explained);
    }

    boolean explains(PrivacyRequestStatus status) {
        return explained.contains(status);
    }
}

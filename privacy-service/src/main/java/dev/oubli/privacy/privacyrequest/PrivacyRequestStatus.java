package dev.oubli.privacy.privacyrequest;

import java.util.Collection;

/**
 * Where a privacy request stands. Which status may follow which is {@link PrivacyRequestLifecycle}'s rule;
 * once the owners have their tasks, the status is derived from the tasks: settled once no task is pending.
 */
enum PrivacyRequestStatus {
    /** Stored, not yet sent to the owners. */
    RECEIVED,
    /** Waiting for the subject to prove who they are (self-service requests): the legal clock is paused. */
    IDENTITY_PENDING,
    /** Sent to the owners; waiting for their receipts. */
    IN_PROGRESS,
    /** Every owner did its part (or no owner handles the request's type). */
    COMPLETED,
    /** Some owners did their part, others failed. */
    PARTIALLY_COMPLETED,
    /** Every owner failed, or the receipts never came. */
    FAILED,
    /** Refused by the tenant, with a {@link ClosingReason}. */
    REJECTED,
    /** Withdrawn or abandoned before it was done, with a {@link ClosingReason}. */
    CANCELLED;

    /** A request no owner handles has nothing left to do: it is completed at once. */
    static PrivacyRequestStatus of(Collection<TaskStatus> tasks) {
        if (tasks.contains(TaskStatus.PENDING)) {
            return IN_PROGRESS;
        }
        if (!tasks.contains(TaskStatus.FAILED)) {
            return COMPLETED;
        }
        return tasks.contains(TaskStatus.COMPLETED) ? PARTIALLY_COMPLETED : FAILED;
    }
}

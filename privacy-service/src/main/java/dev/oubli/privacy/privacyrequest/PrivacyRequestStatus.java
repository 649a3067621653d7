package dev.oubli.privacy.privacyrequest;

import java.util.Collection;

/** Where a privacy request stands, derived from its tasks: settled once no task is pending. */
enum PrivacyRequestStatus {
    IN_PROGRESS,
    COMPLETED,
    PARTIALLY_COMPLETED,
    FAILED;

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

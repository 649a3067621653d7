package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One privacy request with its subject (contact ids and blind indexes only), its legal clock and each owner's task.
 *
 * @param closingReason    why it ended without being done (REJECTED, CANCELLED, FAILED by the watchdog), else null
 * @param duplicateOf      the open request this one repeats (closing reason DUPLICATE), else null
 * @param originalDueOn    the first deadline; an extension must be asked for on or before it
 * @param pausedDays       days the clock stood still while the subject's identity was being verified
 * @param publishAttempts  how often the request was published to the owners (the watchdog re-publishes)
 * @param bulkErasureId    the bulk erasure this request is a batch of (docs/adr/0062), else null
 */
public record PrivacyRequestResponse(
        UUID id,
        RequestType type,
        String status,
        String closingReason,
        UUID duplicateOf,
        boolean selfService,
        OffsetDateTime receivedAt,
        LocalDate dueOn,
        LocalDate originalDueOn,
        int pausedDays,
        Extension extension,
        boolean overdue,
        OffsetDateTime completedAt,
        int publishAttempts,
        OffsetDateTime lastPublishedAt,
        UUID bulkErasureId,
        Subject subject,
        List<Task> tasks) {

    public record Subject(List<UUID> contactIds, List<String> emailIndexes, List<String> phoneIndexes) {
    }

    public record Extension(int months, String reason, LocalDate requestedOn) {
    }

    /**
     * @param counts        the owner's receipt: what it erased, exported or changed; null while pending
     * @param failureReason the owner's reason code when it failed, or {@code NO_RECEIPT} when it never answered
     */
    public record Task(String owner, String status, Map<String, Long> counts, String failureReason, OffsetDateTime updatedAt) {
    }

    static PrivacyRequestResponse of(PrivacyRequest request, List<PrivacyRequestTask> tasks, LocalDate today) {
        LegalClock clock = request.clock();
        return new PrivacyRequestResponse(request.id, request.type, request.status.name(),
                request.closingReason == null ? null : request.closingReason.name(), request.duplicateOf, request.selfService,
                request.receivedAt, request.dueOn, clock.originalDueOn(), request.pausedDays,
                request.extensionMonths == null ? null
                        : new Extension(request.extensionMonths, request.extensionReason, request.extensionRequestedOn),
                request.isOverdue(today), request.completedAt, request.publishAttempts, request.lastPublishedAt,
                request.bulkErasureId,
                new Subject(List.of(request.subjectContactIds), List.of(request.subjectEmailIndexes),
                        List.of(request.subjectPhoneIndexes)),
                tasks.stream().map(task -> new Task(task.owner, task.status.name(), task.counts, task.failureReason, task.updatedAt))
                        .toList());
    }
}

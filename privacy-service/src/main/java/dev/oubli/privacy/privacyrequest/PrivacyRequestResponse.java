package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One privacy request with its subject (contact ids and blind indexes only) and each owner's task. */
public record PrivacyRequestResponse(
        UUID id,
        RequestType type,
        String status,
        OffsetDateTime receivedAt,
        LocalDate dueOn,
        OffsetDateTime completedAt,
        Subject subject,
        List<Task> tasks) {

    public record Subject(List<UUID> contactIds, List<String> emailIndexes, List<String> phoneIndexes) {
    }

    /**
     * @param counts        the owner's receipt: what it erased, exported or changed; null while pending
     * @param failureReason the owner's reason code when it failed, else null
     */
    public record Task(String owner, String status, Map<String, Long> counts, String failureReason) {
    }

    static PrivacyRequestResponse of(PrivacyRequest request, List<PrivacyRequestTask> tasks) {
        return new PrivacyRequestResponse(request.id, request.type, request.status.name(), request.receivedAt,
                request.dueOn, request.completedAt,
                new Subject(List.of(request.subjectContactIds), List.of(request.subjectEmailIndexes),
                        List.of(request.subjectPhoneIndexes)),
                tasks.stream().map(task -> new Task(task.owner, task.status.name(), task.counts,
                        task.failureReason == null ? null : task.failureReason.name())).toList());
    }
}

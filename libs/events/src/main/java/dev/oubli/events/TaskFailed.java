package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A data owner could not do its part of a request: its receipt. A reason code and no message, because a
 * message could carry personal data; the details stay in the owner's logs, by id.
 *
 * @param retryable whether the watchdog's next attempt may succeed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskFailed(
        UUID requestId,
        String owner,
        RequestType requestType,
        TaskFailureReason reason,
        boolean retryable,
        Instant failedAt) implements OubliEvent {

    public TaskFailed {
        Objects.requireNonNull(requestId, "requestId");
        TaskCompleted.requireWord(owner, "owner");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}

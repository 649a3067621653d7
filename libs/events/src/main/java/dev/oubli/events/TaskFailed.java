package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
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

    private static final ObjectMapper JSON = EventJson.newObjectMapper();

    public TaskFailed {
        Objects.requireNonNull(requestId, "requestId");
        TaskCompleted.requireWord(owner, "owner");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
    }

    /**
     * The receipt of an owner that dead-letters a {@link PrivacyRequestSubmitted} it can never apply: read leniently (only
     * {@code requestId} and {@code requestType}), since the record may be one the owner cannot read as a whole.
     *
     * @return empty when not even those two can be read (the watchdog then ends the task, {@code NO_RECEIPT})
     */
    public static Optional<TaskFailed> deadLettered(byte[] requestPayload, String owner, Instant now) {
        try {
            JsonNode request = JSON.readTree(requestPayload);
            return Optional.of(new TaskFailed(UUID.fromString(request.path("requestId").asText()), owner,
                    RequestType.valueOf(request.path("requestType").asText()), TaskFailureReason.DEAD_LETTERED, false, now));
        } catch (IOException | IllegalArgumentException | NullPointerException unreadable) {
            return Optional.empty();
        }
    }
}

package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A data owner did its part of a request: its receipt.
 *
 * @param owner  the owner's service name, for example {@code contacts-service}
 * @param counts what it erased, exported or changed, for example {@code {"erased": 3}}; zero counts when it
 *               held nothing about the subject
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskCompleted(
        UUID requestId,
        String owner,
        RequestType requestType,
        Map<String, Long> counts,
        Instant completedAt) implements OubliEvent {

    /** Service names and count names are short lower-case words, so no free text rides along. */
    static final Pattern WORD = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");

    public TaskCompleted {
        Objects.requireNonNull(requestId, "requestId");
        requireWord(owner, "owner");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(completedAt, "completedAt");
        TreeMap<String, Long> sorted = new TreeMap<>();
        if (counts != null) {
            counts.forEach((name, count) -> {
                requireWord(name, "a count name");
                if (count == null || count < 0) {
                    throw new IllegalArgumentException("counts are zero or more");
                }
                sorted.put(name, count);
            });
        }
        counts = Collections.unmodifiableMap(sorted);
    }

    static void requireWord(String value, String what) {
        if (value == null || !WORD.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case word such as contacts-service");
        }
    }
}

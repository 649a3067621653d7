package dev.oubli.knowledge.guard;

import java.util.Objects;

/**
 * Where sensitive data was found: {@code start} inclusive, {@code end} exclusive, as {@code char} offsets
 * into the inspected text. A finding never holds the value itself, so it is safe to log and to return.
 */
public record Finding(SensitiveDataKind kind, int start, int end) {

    public Finding {
        Objects.requireNonNull(kind, "kind");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a finding spans at least one character from a non-negative offset");
        }
    }

    int length() {
        return end - start;
    }

    boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }
}

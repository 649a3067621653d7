package dev.oubli.knowledge.guard;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The guard's decision on one text.
 *
 * <p>{@code BLOCKED}: nothing may be stored, {@code textToStore} is empty, and {@code findings} lists every finding
 * with the action its kind has in the policy (at least one is {@code BLOCK}). {@code ACCEPTED}: {@code textToStore}
 * is the text with every {@code REDACT} finding masked (same length, so offsets hold in both texts), and
 * {@code findings} lists what was redacted or only warned about.
 */
public record GuardResult(Verdict verdict, Optional<String> textToStore, List<GuardedFinding> findings) {

    public enum Verdict { BLOCKED, ACCEPTED }

    public GuardResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(textToStore, "textToStore");
        findings = List.copyOf(findings);
        if ((verdict == Verdict.BLOCKED) == textToStore.isPresent()) {
            throw new IllegalArgumentException("a blocked result has no text to store and an accepted one has");
        }
    }

    static GuardResult blocked(List<GuardedFinding> findings) {
        return new GuardResult(Verdict.BLOCKED, Optional.empty(), findings);
    }

    static GuardResult accepted(String textToStore, List<GuardedFinding> findings) {
        return new GuardResult(Verdict.ACCEPTED, Optional.of(textToStore), findings);
    }

    public boolean isBlocked() {
        return verdict == Verdict.BLOCKED;
    }

    /** Never prints the text: it is the tenant's content and may hold personal data. */
    @Override
    public String toString() {
        return "GuardResult[verdict=" + verdict + ", findings=" + findings + "]";
    }
}

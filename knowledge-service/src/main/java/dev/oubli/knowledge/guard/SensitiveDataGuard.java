package dev.oubli.knowledge.guard;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Inspects a text before it is written to the AI Brain and applies the tenant's {@link GuardPolicy}: refuse it, store
 * it with values masked, or store it and report. Stateless and thread-safe; it never logs and never returns a value
 * it found, only its kind and offsets.
 */
@ApplicationScoped
public class SensitiveDataGuard {

    private final List<SensitiveDataDetector> detectors = List.of(
            new CardNumberDetector(),
            new IbanDetector(),
            new FrenchSocialSecurityNumberDetector(),
            new SecretDetector());

    public GuardResult inspect(String text, GuardPolicy policy) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(policy, "policy");
        List<GuardedFinding> findings = merge(detect(text), policy).stream()
                .map(finding -> new GuardedFinding(finding, policy.actionFor(finding.kind())))
                .toList();
        if (findings.stream().anyMatch(finding -> finding.action() == GuardAction.BLOCK)) {
            return GuardResult.blocked(findings);
        }
        StringBuilder stored = new StringBuilder(text);
        for (GuardedFinding finding : findings) {
            if (finding.action() == GuardAction.REDACT) {
                Masking.mask(stored, finding.finding());
            }
        }
        return GuardResult.accepted(stored.toString(), findings);
    }

    private List<Finding> detect(String text) {
        List<Finding> all = new ArrayList<>();
        for (SensitiveDataDetector detector : detectors) {
            all.addAll(detector.findIn(text));
        }
        all.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end));
        return all;
    }

    /**
     * Overlapping findings (a card number inside an IBAN, a token that is also a {@code secret=} value) become one,
     * spanning all of them so nothing is left unmasked, and named after the strongest: the longest, then the one whose
     * policy action is strictest, then the first kind declared.
     */
    static List<Finding> merge(List<Finding> sortedByStart, GuardPolicy policy) {
        Comparator<Finding> strongestFirst = Comparator.comparingInt(Finding::length).reversed()
                .thenComparing(finding -> policy.actionFor(finding.kind())) // BLOCK, REDACT, WARN: declared strictest first
                .thenComparing(Finding::kind);
        List<Finding> merged = new ArrayList<>();
        List<Finding> cluster = new ArrayList<>();
        int clusterEnd = -1;
        for (Finding finding : sortedByStart) {
            if (!cluster.isEmpty() && finding.start() >= clusterEnd) {
                merged.add(union(cluster, strongestFirst));
                cluster.clear();
            }
            clusterEnd = cluster.isEmpty() ? finding.end() : Math.max(clusterEnd, finding.end());
            cluster.add(finding);
        }
        if (!cluster.isEmpty()) {
            merged.add(union(cluster, strongestFirst));
        }
        return merged;
    }

    private static Finding union(List<Finding> cluster, Comparator<Finding> strongestFirst) {
        Finding strongest = cluster.stream().min(strongestFirst).orElseThrow();
        int start = cluster.get(0).start();
        int end = cluster.stream().mapToInt(Finding::end).max().orElseThrow();
        return new Finding(strongest.kind(), start, end);
    }
}

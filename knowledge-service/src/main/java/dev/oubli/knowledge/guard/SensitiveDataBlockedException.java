package dev.oubli.knowledge.guard;

import java.util.List;

/** A write the tenant's guard policy refuses; answered 422 by {@link SensitiveDataBlockedMapper}. */
public class SensitiveDataBlockedException extends RuntimeException {

    private final transient List<GuardReport> findings;

    SensitiveDataBlockedException(List<GuardReport> findings) {
        super("blocked by the sensitive-data guard: " + findings.size() + " finding(s)", null, false, false);
        this.findings = List.copyOf(findings);
    }

    public List<GuardReport> findings() {
        return findings;
    }
}

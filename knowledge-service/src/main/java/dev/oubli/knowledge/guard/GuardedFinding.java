package dev.oubli.knowledge.guard;

import java.util.Objects;

/** A finding and what the tenant's policy does with it. */
public record GuardedFinding(Finding finding, GuardAction action) {

    public GuardedFinding {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(action, "action");
    }
}

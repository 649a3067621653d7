package dev.oubli.knowledge.guard;

import java.util.Map;

/** The body of {@code PUT /api/guard-policy}: the action for each kind to change. */
public record GuardPolicyRequest(Map<SensitiveDataKind, GuardAction> actions) {
}

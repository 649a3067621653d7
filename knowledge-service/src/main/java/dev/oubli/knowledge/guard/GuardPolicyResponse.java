package dev.oubli.knowledge.guard;

import java.util.Map;

/** A tenant's guard policy: the action for every kind. */
public record GuardPolicyResponse(Map<SensitiveDataKind, GuardAction> actions) {

    static GuardPolicyResponse of(GuardPolicy policy) {
        return new GuardPolicyResponse(policy.actions());
    }
}

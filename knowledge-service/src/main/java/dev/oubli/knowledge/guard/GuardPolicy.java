package dev.oubli.knowledge.guard;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A tenant's choice of action for each kind of sensitive data. Immutable; every kind has an action. */
public record GuardPolicy(Map<SensitiveDataKind, GuardAction> actions) {

    public GuardPolicy {
        Objects.requireNonNull(actions, "actions");
        EnumMap<SensitiveDataKind, GuardAction> copy = new EnumMap<>(SensitiveDataKind.class);
        actions.forEach((kind, action) -> copy.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(action, "action")));
        Set<SensitiveDataKind> missing = EnumSet.allOf(SensitiveDataKind.class);
        missing.removeAll(copy.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("a guard policy needs an action for every kind; missing " + missing);
        }
        actions = Collections.unmodifiableMap(copy);
    }

    /** The platform default: card numbers are refused, everything else is stored masked. */
    public static GuardPolicy defaults() {
        return everyKind(GuardAction.REDACT).with(SensitiveDataKind.CARD_NUMBER, GuardAction.BLOCK);
    }

    /** The same action for every kind. */
    public static GuardPolicy everyKind(GuardAction action) {
        Objects.requireNonNull(action, "action");
        EnumMap<SensitiveDataKind, GuardAction> actions = new EnumMap<>(SensitiveDataKind.class);
        for (SensitiveDataKind kind : SensitiveDataKind.values()) {
            actions.put(kind, action);
        }
        return new GuardPolicy(actions);
    }

    /** This policy with one kind's action changed. */
    public GuardPolicy with(SensitiveDataKind kind, GuardAction action) {
        EnumMap<SensitiveDataKind, GuardAction> changed = new EnumMap<>(actions);
        changed.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(action, "action"));
        return new GuardPolicy(changed);
    }

    public GuardAction actionFor(SensitiveDataKind kind) {
        return actions.get(kind);
    }
}

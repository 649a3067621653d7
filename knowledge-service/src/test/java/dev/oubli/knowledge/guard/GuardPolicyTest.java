package dev.oubli.knowledge.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardPolicyTest {

    @Test
    void defaultsBlockCardNumbersAndRedactEverythingElse() {
        GuardPolicy defaults = GuardPolicy.defaults();

        assertThat(defaults.actions()).containsExactly(
                Map.entry(SensitiveDataKind.CARD_NUMBER, GuardAction.BLOCK),
                Map.entry(SensitiveDataKind.IBAN, GuardAction.REDACT),
                Map.entry(SensitiveDataKind.FRENCH_SOCIAL_SECURITY_NUMBER, GuardAction.REDACT),
                Map.entry(SensitiveDataKind.SECRET, GuardAction.REDACT));
    }

    @Test
    void aPolicyMustGiveAnActionForEveryKind() {
        Map<SensitiveDataKind, GuardAction> onlyCards = Map.of(SensitiveDataKind.CARD_NUMBER, GuardAction.BLOCK);

        assertThatThrownBy(() -> new GuardPolicy(onlyCards))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IBAN");
    }

    @Test
    void aPolicyCannotBeChangedThroughItsMapOrTheMapItWasBuiltFrom() {
        EnumMap<SensitiveDataKind, GuardAction> source = new EnumMap<>(GuardPolicy.defaults().actions());
        GuardPolicy policy = new GuardPolicy(source);

        source.put(SensitiveDataKind.CARD_NUMBER, GuardAction.WARN);

        assertThat(policy.actionFor(SensitiveDataKind.CARD_NUMBER)).isEqualTo(GuardAction.BLOCK);
        assertThatThrownBy(() -> policy.actions().put(SensitiveDataKind.IBAN, GuardAction.WARN))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withChangesOneKindInACopy() {
        GuardPolicy defaults = GuardPolicy.defaults();

        GuardPolicy warnOnIban = defaults.with(SensitiveDataKind.IBAN, GuardAction.WARN);

        assertThat(warnOnIban.actionFor(SensitiveDataKind.IBAN)).isEqualTo(GuardAction.WARN);
        assertThat(warnOnIban.actionFor(SensitiveDataKind.CARD_NUMBER)).isEqualTo(GuardAction.BLOCK);
        assertThat(defaults.actionFor(SensitiveDataKind.IBAN)).isEqualTo(GuardAction.REDACT);
    }
}

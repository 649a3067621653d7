package dev.oubli.knowledge.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuardResultTest {

    @Test
    void printingAResultNeverPrintsTheText() {
        GuardResult result = GuardResult.accepted("my password=hunter2", List.of(
                new GuardedFinding(new Finding(SensitiveDataKind.SECRET, 12, 19), GuardAction.WARN)));

        assertThat(result.toString()).doesNotContain("hunter2", "password").contains("SECRET", "12", "19", "WARN");
    }

    @Test
    void aBlockedResultCannotCarryTextToStore() {
        assertThatThrownBy(() -> new GuardResult(GuardResult.Verdict.BLOCKED, Optional.of("hunter2"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }
}

package dev.oubli.privacy.privacyrequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.CANCELLED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.COMPLETED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.FAILED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.IDENTITY_PENDING;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.IN_PROGRESS;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.PARTIALLY_COMPLETED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.RECEIVED;
import static dev.oubli.privacy.privacyrequest.PrivacyRequestStatus.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivacyRequestLifecycleTest {

    /** The issue's rules, written out independently of the lifecycle's switch. */
    static final Set<String> ALLOWED = Set.of(
            "RECEIVED->IDENTITY_PENDING", "RECEIVED->IN_PROGRESS", "RECEIVED->REJECTED", "RECEIVED->CANCELLED",
            "RECEIVED->COMPLETED",
            "IDENTITY_PENDING->IN_PROGRESS", "IDENTITY_PENDING->REJECTED", "IDENTITY_PENDING->CANCELLED",
            "IN_PROGRESS->COMPLETED", "IN_PROGRESS->PARTIALLY_COMPLETED", "IN_PROGRESS->FAILED", "IN_PROGRESS->CANCELLED",
            // An officer retries a failed owner's task (docs/adr/0041).
            "PARTIALLY_COMPLETED->IN_PROGRESS", "FAILED->IN_PROGRESS",
            // An export settled so whose bundle can never be delivered fails its request; delivered after all, it
            // takes back its status (docs/adr/0054).
            "COMPLETED->FAILED", "PARTIALLY_COMPLETED->FAILED", "FAILED->COMPLETED", "FAILED->PARTIALLY_COMPLETED");

    static final Set<PrivacyRequestStatus> TERMINAL = EnumSet.of(COMPLETED, PARTIALLY_COMPLETED, FAILED, REJECTED, CANCELLED);

    static Stream<Arguments> everyPair() {
        return Arrays.stream(PrivacyRequestStatus.values())
                .flatMap(from -> Arrays.stream(PrivacyRequestStatus.values()).map(to -> Arguments.of(from, to)));
    }

    static Stream<Arguments> allowedPairs() {
        return everyPair().filter(pair -> ALLOWED.contains(pair.get()[0] + "->" + pair.get()[1]));
    }

    static Stream<Arguments> forbiddenPairs() {
        return everyPair().filter(pair -> !ALLOWED.contains(pair.get()[0] + "->" + pair.get()[1]));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowedPairs")
    void allowsEveryTransitionOfTheIssue(PrivacyRequestStatus from, PrivacyRequestStatus to) {
        assertThat(PrivacyRequestLifecycle.allows(from, to)).isTrue();
        assertThat(PrivacyRequestLifecycle.transition(from, to)).isEqualTo(to);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("forbiddenPairs")
    void refusesEveryOtherTransitionNamingOnlyTheStatuses(PrivacyRequestStatus from, PrivacyRequestStatus to) {
        assertThat(PrivacyRequestLifecycle.allows(from, to)).isFalse();
        assertThatThrownBy(() -> PrivacyRequestLifecycle.transition(from, to))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(from);
                    assertThat(e.to()).isEqualTo(to);
                })
                .hasMessage("A privacy request that is " + from + " cannot become " + to + ".");
    }

    @Test
    void hasEighteenAllowedTransitions() {
        // Guards the two methods above against a typo in ALLOWED that would silently move a pair between them.
        assertThat(allowedPairs()).hasSize(18);
    }

    @ParameterizedTest
    @EnumSource(PrivacyRequestStatus.class)
    void neverMovesToTheSameStatus(PrivacyRequestStatus status) {
        assertThatThrownBy(() -> PrivacyRequestLifecycle.transition(status, status)).isInstanceOf(IllegalTransitionException.class);
    }

    @ParameterizedTest
    @EnumSource(value = PrivacyRequestStatus.class, names = {"COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "REJECTED", "CANCELLED"})
    void neverReopensASettledRequestExceptForTheRetryOfAFailedTask(PrivacyRequestStatus settled) {
        assertThat(PrivacyRequestLifecycle.isTerminal(settled)).isTrue();
        boolean retryable = settled == PARTIALLY_COMPLETED || settled == FAILED;
        // Only a retry reopens; an export's failed delivery moves a request between settled statuses (docs/adr/0054).
        assertThat(PrivacyRequestLifecycle.nextOf(settled).stream().filter(next -> !PrivacyRequestLifecycle.isTerminal(next)))
                .containsExactlyElementsOf(retryable ? Set.of(PrivacyRequestStatus.IN_PROGRESS) : Set.of());
        for (PrivacyRequestStatus other : PrivacyRequestStatus.values()) {
            if (!PrivacyRequestLifecycle.isTerminal(other) && !(retryable && other == PrivacyRequestStatus.IN_PROGRESS)) {
                assertThatThrownBy(() -> PrivacyRequestLifecycle.transition(settled, other)).isInstanceOf(IllegalTransitionException.class);
            }
        }
    }

    @Test
    void leavesOnlyTheOpenStatusesOpen() {
        assertThat(EnumSet.allOf(PrivacyRequestStatus.class).stream().filter(PrivacyRequestLifecycle::isTerminal))
                .containsExactlyInAnyOrderElementsOf(TERMINAL);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "IDENTITY_PENDING, COMPLETED",
            "IDENTITY_PENDING, PARTIALLY_COMPLETED",
            "IDENTITY_PENDING, FAILED",
            "IN_PROGRESS, REJECTED",
            "IN_PROGRESS, IDENTITY_PENDING",
            "IN_PROGRESS, RECEIVED",
            "RECEIVED, FAILED",
            "RECEIVED, PARTIALLY_COMPLETED"})
    void refusesToSkipOrReverseAStep(PrivacyRequestStatus from, PrivacyRequestStatus to) {
        assertThatThrownBy(() -> PrivacyRequestLifecycle.transition(from, to)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void closesARequestForAReasonThatExplainsHowItEnds() {
        assertThat(PrivacyRequestLifecycle.close(RECEIVED, REJECTED, ClosingReason.MANIFESTLY_UNFOUNDED)).isEqualTo(REJECTED);
        assertThat(PrivacyRequestLifecycle.close(IDENTITY_PENDING, CANCELLED, ClosingReason.IDENTITY_NOT_VERIFIED)).isEqualTo(CANCELLED);
        assertThat(PrivacyRequestLifecycle.close(IN_PROGRESS, CANCELLED, ClosingReason.WITHDRAWN)).isEqualTo(CANCELLED);
        assertThat(PrivacyRequestLifecycle.close(IN_PROGRESS, FAILED, ClosingReason.RECEIPTS_OVERDUE)).isEqualTo(FAILED);
        assertThat(PrivacyRequestLifecycle.close(COMPLETED, FAILED, ClosingReason.EXPORT_FAILED)).isEqualTo(FAILED);
        assertThat(PrivacyRequestLifecycle.close(PARTIALLY_COMPLETED, FAILED, ClosingReason.EXPORT_FAILED)).isEqualTo(FAILED);
    }

    @Test
    void refusesAReasonThatDoesNotExplainHowTheRequestEnds() {
        assertThatIllegalArgumentException().isThrownBy(() -> PrivacyRequestLifecycle.close(RECEIVED, CANCELLED, ClosingReason.NO_MATCH));
        assertThatIllegalArgumentException().isThrownBy(() -> PrivacyRequestLifecycle.close(IN_PROGRESS, FAILED, ClosingReason.WITHDRAWN));
    }

    @Test
    void checksTheTransitionBeforeTheReason() {
        assertThatThrownBy(() -> PrivacyRequestLifecycle.close(IN_PROGRESS, REJECTED, ClosingReason.MANIFESTLY_UNFOUNDED))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> PrivacyRequestLifecycle.close(COMPLETED, CANCELLED, ClosingReason.WITHDRAWN))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @ParameterizedTest
    @EnumSource(ClosingReason.class)
    void explainsOnlyHowARequestEndsWithoutBeingDone(ClosingReason reason) {
        assertThat(Arrays.stream(PrivacyRequestStatus.values()).filter(reason::explains))
                .isNotEmpty()
                .isSubsetOf(REJECTED, CANCELLED, FAILED);
    }
}

package dev.oubli.privacy.privacyrequest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.oubli.privacy.privacyrequest.TaskStatus.COMPLETED;
import static dev.oubli.privacy.privacyrequest.TaskStatus.FAILED;
import static dev.oubli.privacy.privacyrequest.TaskStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

class PrivacyRequestStatusTest {

    @Test
    void staysInProgressWhileAnyOwnerHasNotAnswered() {
        assertThat(PrivacyRequestStatus.of(List.of(PENDING))).isEqualTo(PrivacyRequestStatus.IN_PROGRESS);
        assertThat(PrivacyRequestStatus.of(List.of(COMPLETED, PENDING))).isEqualTo(PrivacyRequestStatus.IN_PROGRESS);
        assertThat(PrivacyRequestStatus.of(List.of(FAILED, PENDING))).isEqualTo(PrivacyRequestStatus.IN_PROGRESS);
    }

    @Test
    void isCompletedWhenEveryOwnerCompletedOrWhenNoOwnerHandlesTheType() {
        assertThat(PrivacyRequestStatus.of(List.of(COMPLETED, COMPLETED))).isEqualTo(PrivacyRequestStatus.COMPLETED);
        assertThat(PrivacyRequestStatus.of(List.of())).isEqualTo(PrivacyRequestStatus.COMPLETED);
    }

    @Test
    void isPartiallyCompletedWhenSomeOwnersFailedAndOthersCompleted() {
        assertThat(PrivacyRequestStatus.of(List.of(COMPLETED, FAILED))).isEqualTo(PrivacyRequestStatus.PARTIALLY_COMPLETED);
    }

    @Test
    void hasFailedWhenEveryOwnerFailed() {
        assertThat(PrivacyRequestStatus.of(List.of(FAILED))).isEqualTo(PrivacyRequestStatus.FAILED);
        assertThat(PrivacyRequestStatus.of(List.of(FAILED, FAILED))).isEqualTo(PrivacyRequestStatus.FAILED);
    }
}

package dev.oubli.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypeTest {

    @Test
    void privacyEventsHaveOneTypeEach() {
        assertThat(EventType.of(PrivacyRequestSubmitted.class).ceType()).isEqualTo("dev.oubli.privacy.request-submitted.v1");
        assertThat(EventType.of(ConsentChanged.class).ceType()).isEqualTo("dev.oubli.privacy.consent-changed.v1");
    }

    @Test
    void taskEventsAreTypedByTheOwnerThatSendsThem() {
        assertThat(EventType.of(TaskCompleted.class).ceType("contacts")).isEqualTo("dev.oubli.contacts.task-completed.v1");
        assertThat(EventType.of(TaskFailed.class).ceType("knowledge")).isEqualTo("dev.oubli.knowledge.task-failed.v1");
    }

    @Test
    void taskEventsNeedTheirProducer() {
        assertThatThrownBy(() -> EventType.TASK_COMPLETED.ceType()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void privacyEventsCannotBeTypedForAnotherProducer() {
        assertThatThrownBy(() -> EventType.PRIVACY_REQUEST_SUBMITTED.ceType("contacts"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void producerNamesAreShortLowerCaseWords() {
        assertThatThrownBy(() -> EventType.TASK_FAILED.ceType("Contacts Service"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapsAnEventToItsType() {
        assertThat(EventType.of(Contracts.JSON.convertValue(Contracts.sample(EventType.TASK_FAILED), TaskFailed.class)))
                .isEqualTo(EventType.TASK_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "dev.oubli.contacts.task-completed.v1",
            "dev.oubli.knowledge.task-completed.v1",
            "dev.oubli.billing.task-completed.v1"})
    void readsATaskCompletedFromAnyOwner(String ceType) {
        assertThat(EventType.fromCeType(ceType)).contains(EventType.TASK_COMPLETED);
        assertThat(EventType.fromCeType(ceType).orElseThrow().recordClass()).isEqualTo(TaskCompleted.class);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeStringLeadsBackToItsRecord(EventType type) {
        String ceType = type == EventType.PRIVACY_REQUEST_SUBMITTED || type == EventType.CONSENT_CHANGED
                || type == EventType.AUDIT_ANCHORED || type == EventType.SUBJECT_RESOLUTION_REQUESTED
                || type == EventType.TENANT_PURGE_REQUESTED || type == EventType.RETENTION_POLICY_SET
                ? type.ceType()
                : type.ceType("contacts");

        assertThat(ceType).endsWith(type.suffix());
        assertThat(EventType.fromCeType(ceType)).contains(type);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "dev.oubli.privacy.request-submitted.v2",
            "dev.oubli.contacts.request-submitted.v1",
            "dev.oubli.privacy.erasure-requested.v1",
            "com.example.privacy.request-submitted.v1",
            "dev.oubli.privacy.request-submitted.v1.extra",
            "task-completed.v1"})
    void knowsNoOtherType(String ceType) {
        assertThat(EventType.fromCeType(ceType)).isEmpty();
    }
}

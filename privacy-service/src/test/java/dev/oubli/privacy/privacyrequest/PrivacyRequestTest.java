package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivacyRequestTest {

    static final SubjectRef SUBJECT = new SubjectRef(List.of(UUID.randomUUID()), List.of(), List.of());

    static PrivacyRequest receivedOn(String date) {
        return PrivacyRequest.received(new TenantId(UUID.randomUUID()), RequestType.ERASURE, SUBJECT,
                OffsetDateTime.of(LocalDate.parse(date).atTime(23, 30), ZoneOffset.UTC));
    }

    @Test
    void isDueOneMonthAfterItsReceipt() {
        assertThat(receivedOn("2027-03-15").dueOn).isEqualTo(LocalDate.parse("2027-04-15"));
    }

    @Test
    void isDueOnTheLastDayOfTheNextMonthWhenThatMonthIsShorter() {
        assertThat(receivedOn("2027-01-31").dueOn).isEqualTo(LocalDate.parse("2027-02-28"));
        assertThat(receivedOn("2028-01-31").dueOn).isEqualTo(LocalDate.parse("2028-02-29"));
        assertThat(receivedOn("2027-08-31").dueOn).isEqualTo(LocalDate.parse("2027-09-30"));
    }

    @Test
    void staysInProgressUntilItsLastTaskIsSettledAndThenRecordsWhen() {
        PrivacyRequest request = receivedOn("2027-03-15");
        PrivacyRequestTask contacts = PrivacyRequestTask.pending(request, "contacts-service");
        PrivacyRequestTask knowledge = PrivacyRequestTask.pending(request, "knowledge-service");
        OffsetDateTime first = request.receivedAt.plusHours(1);
        OffsetDateTime last = request.receivedAt.plusHours(2);

        request.settle(List.of(contacts, knowledge), request.receivedAt);
        contacts.complete(Map.of("erased", 1L), first);
        request.settle(List.of(contacts, knowledge), first);
        assertThat(request.status).isEqualTo(PrivacyRequestStatus.IN_PROGRESS);
        assertThat(request.completedAt).isNull();

        knowledge.fail(TaskFailureReason.OWNER_ERROR, last);
        request.settle(List.of(contacts, knowledge), last);
        assertThat(request.status).isEqualTo(PrivacyRequestStatus.PARTIALLY_COMPLETED);
        assertThat(request.completedAt).isEqualTo(last);
    }

    @Test
    void isCompletedAtOnceWhenNoOwnerHandlesItsType() {
        PrivacyRequest request = receivedOn("2027-03-15");

        request.settle(List.of(), request.receivedAt);

        assertThat(request.status).isEqualTo(PrivacyRequestStatus.COMPLETED);
        assertThat(request.completedAt).isEqualTo(request.receivedAt);
    }

    @Test
    void isNeverReopenedByItsTasks() {
        PrivacyRequest request = receivedOn("2027-03-15");
        PrivacyRequestTask pending = PrivacyRequestTask.pending(request, "contacts-service");
        request.status = PrivacyRequestStatus.CANCELLED;

        assertThatThrownBy(() -> request.settle(List.of(pending), request.receivedAt))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(request.status).isEqualTo(PrivacyRequestStatus.CANCELLED);
    }

    @Test
    void keepsItsSubjectAsContactIdsAndBlindIndexes() {
        assertThat(receivedOn("2027-03-15").subject()).isEqualTo(SUBJECT);
    }
}

package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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
    void keepsItsSubjectAsContactIdsAndBlindIndexes() {
        assertThat(receivedOn("2027-03-15").subject()).isEqualTo(SUBJECT);
    }
}

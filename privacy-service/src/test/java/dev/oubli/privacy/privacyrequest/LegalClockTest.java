package dev.oubli.privacy.privacyrequest;

import dev.oubli.privacy.privacyrequest.ExtensionRefusedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LegalClockTest {

    static final String REASON = "Complex request: twelve data sources to search.";

    static LegalClock receivedOn(String date) {
        return LegalClock.startedOn(LocalDate.parse(date));
    }

    static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    static void assertRefused(Runnable extension, Reason reason) {
        assertThatThrownBy(extension::run)
                .isInstanceOfSatisfying(ExtensionRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void isDueOneCalendarMonthAfterReceipt() {
        LegalClock clock = receivedOn("2027-03-15");

        assertThat(clock.dueOn()).isEqualTo(day("2027-04-15"));
        assertThat(clock.originalDueOn()).isEqualTo(day("2027-04-15"));
    }

    @ParameterizedTest(name = "received {0}, due {1}")
    @CsvSource({
            "2027-01-31, 2027-02-28",
            "2028-01-31, 2028-02-29",
            "2027-03-31, 2027-04-30",
            "2027-05-31, 2027-06-30",
            "2027-08-31, 2027-09-30",
            "2027-10-31, 2027-11-30",
            "2027-12-31, 2028-01-31"})
    void isDueOnTheLastDayOfTheNextMonthWhenThatMonthHasNoSuchDay(String received, String due) {
        assertThat(receivedOn(received).dueOn()).isEqualTo(day(due));
    }

    @ParameterizedTest(name = "received {0}, due {1}")
    @CsvSource({
            "2028-01-28, 2028-02-28",
            "2028-01-29, 2028-02-29",
            "2028-01-30, 2028-02-29",
            "2028-01-31, 2028-02-29",
            "2028-02-29, 2028-03-29",
            "2027-01-29, 2027-02-28"})
    void countsLeapDaysOnlyInLeapYears(String received, String due) {
        assertThat(receivedOn(received).dueOn()).isEqualTo(day(due));
    }

    @Test
    void startsOnTheDayOfReceiptInTheTenantsCalendar() {
        Instant lateOnTheLastOfJanuaryInLondon = Instant.parse("2027-01-31T23:30:00Z");

        assertThat(LegalClock.startedAt(lateOnTheLastOfJanuaryInLondon, ZoneOffset.UTC).dueOn()).isEqualTo(day("2027-02-28"));
        assertThat(LegalClock.startedAt(lateOnTheLastOfJanuaryInLondon, ZoneId.of("Europe/Berlin")).dueOn())
                .isEqualTo(day("2027-03-01"));
    }

    @Test
    void extendsTheOriginalDueDateByTheSameMonthArithmetic() {
        LegalClock clock = receivedOn("2027-01-31");

        assertThat(clock.extend(2, REASON, day("2027-02-10")).dueOn()).isEqualTo(day("2027-04-28"));
        assertThat(clock.extend(1, REASON, day("2027-02-10")).dueOn()).isEqualTo(day("2027-03-28"));
    }

    @Test
    void keepsTheOriginalDueDateAndTheRecordedReasonWhenExtended() {
        LegalClock extended = receivedOn("2027-03-15").extend(2, REASON, day("2027-03-20"));

        assertThat(extended.originalDueOn()).isEqualTo(day("2027-04-15"));
        assertThat(extended.dueOn()).isEqualTo(day("2027-06-15"));
        assertThat(extended.extension()).isEqualTo(new LegalClock.Extension(2, REASON, day("2027-03-20")));
    }

    @Test
    void canBeExtendedOnTheOriginalDueDateItself() {
        assertThat(receivedOn("2027-03-15").extend(1, REASON, day("2027-04-15")).dueOn()).isEqualTo(day("2027-05-15"));
    }

    @Test
    void refusesAnExtensionRequestedAfterTheOriginalDueDate() {
        assertRefused(() -> receivedOn("2027-03-15").extend(1, REASON, day("2027-04-16")), Reason.TOO_LATE);
    }

    @Test
    void refusesASecondExtensionEvenWithinTheTwoMonths() {
        LegalClock extended = receivedOn("2027-03-15").extend(1, REASON, day("2027-03-20"));

        assertRefused(() -> extended.extend(1, REASON, day("2027-03-21")), Reason.ALREADY_EXTENDED);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 3, 12})
    void refusesAnExtensionOtherThanOneOrTwoMonths(int months) {
        assertRefused(() -> receivedOn("2027-03-15").extend(months, REASON, day("2027-03-20")), Reason.INVALID_LENGTH);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void refusesAnExtensionWithoutAReason(String blank) {
        assertRefused(() -> receivedOn("2027-03-15").extend(2, blank, day("2027-03-20")), Reason.REASON_REQUIRED);
    }

    @Test
    void refusesAReasonLongerThanTheLimitButAcceptsOneAtTheLimit() {
        String atTheLimit = "x".repeat(LegalClock.MAX_REASON_LENGTH);

        assertThat(receivedOn("2027-03-15").extend(2, atTheLimit, day("2027-03-20")).extension().reason()).isEqualTo(atTheLimit);
        assertRefused(() -> receivedOn("2027-03-15").extend(2, atTheLimit + "x", day("2027-03-20")), Reason.REASON_TOO_LONG);
    }

    @Test
    void neverShowsTheRecordedReasonInMessagesOrToString() {
        String personal = "Ada Lovelace asked three times";
        LegalClock extended = receivedOn("2027-03-15").extend(2, personal, day("2027-03-20"));

        assertThat(extended.toString()).doesNotContain("Ada").contains("months=2");
        assertThatThrownBy(() -> extended.extend(1, personal, day("2027-03-21"))).message().doesNotContain("Ada");
        assertThatThrownBy(() -> receivedOn("2027-03-15").extend(2, personal, day("2027-05-01"))).message().doesNotContain("Ada");
    }

    @Test
    void movesTheDueDateByTheWholeDaysItWasPaused() {
        LegalClock paused = receivedOn("2027-03-15").paused(day("2027-03-16"), day("2027-03-19"));

        assertThat(paused.pausedDays()).isEqualTo(3);
        assertThat(paused.originalDueOn()).isEqualTo(day("2027-04-18"));
        assertThat(paused.dueOn()).isEqualTo(day("2027-04-18"));
    }

    @Test
    void addsUpItsPausesAndIgnoresOneThatEndsTheDayItStarts() {
        LegalClock paused = receivedOn("2027-03-15")
                .paused(day("2027-03-16"), day("2027-03-17"))
                .paused(day("2027-03-20"), day("2027-03-20"))
                .paused(day("2027-03-22"), day("2027-03-24"));

        assertThat(paused.dueOn()).isEqualTo(day("2027-04-18"));
    }

    @Test
    void givesBackEveryPausedDayEvenAtTheEndOfAShortMonth() {
        // 28 January + 1 month is 28 February; the 3 paused days come after it, not before the month is added
        // (31 January + 1 month would also be 28 February, losing them).
        assertThat(receivedOn("2027-01-28").paused(day("2027-01-28"), day("2027-01-31")).dueOn()).isEqualTo(day("2027-03-03"));
    }

    @Test
    void refusesAPauseThatEndsBeforeItStarts() {
        assertThatIllegalArgumentException().isThrownBy(() -> receivedOn("2027-03-15").paused(day("2027-03-19"), day("2027-03-16")));
    }

    @Test
    void extendsAPausedClockFromItsUnpausedDueDateThenAddsThePausedDays() {
        LegalClock paused = receivedOn("2027-01-31").paused(day("2027-02-01"), day("2027-02-04"));

        assertThat(paused.originalDueOn()).isEqualTo(day("2027-03-03"));
        // 28 February + 2 months = 28 April, + 3 paused days
        assertThat(paused.extend(2, REASON, day("2027-03-03")).dueOn()).isEqualTo(day("2027-05-01"));
        assertRefused(() -> paused.extend(2, REASON, day("2027-03-04")), Reason.TOO_LATE);
    }

    @Test
    void movesAnExtendedDueDateByThePausedDaysToo() {
        LegalClock extendedThenPaused = receivedOn("2027-03-15").extend(2, REASON, day("2027-03-20"))
                .paused(day("2027-03-21"), day("2027-03-26"));

        assertThat(extendedThenPaused.dueOn()).isEqualTo(day("2027-06-20"));
    }

    @Test
    void movesEveryDueDateByExactlyThePausedDaysWhateverTheMonths() {
        for (LocalDate received = day("2027-01-01"); received.isBefore(day("2029-01-01")); received = received.plusDays(1)) {
            LegalClock clock = LegalClock.startedOn(received);
            LegalClock paused = clock.paused(received, received.plusDays(5));
            for (int months = 1; months <= LegalClock.MAX_EXTENSION_MONTHS; months++) {
                assertThat(paused.extend(months, REASON, received).dueOn())
                        .isEqualTo(clock.extend(months, REASON, received).dueOn().plusDays(5));
            }
            assertThat(paused.dueOn()).isEqualTo(clock.dueOn().plusDays(5));
        }
    }

    @Test
    void isOverdueOnlyAfterItsDueDay() {
        LegalClock clock = receivedOn("2027-03-15");

        assertThat(clock.isOverdue(day("2027-04-14"))).isFalse();
        assertThat(clock.isOverdue(day("2027-04-15"))).isFalse();
        assertThat(clock.isOverdue(day("2027-04-16"))).isTrue();
    }

    @Test
    void isNotOverdueAfterTheOriginalDueDayWhenExtendedOrPaused() {
        LegalClock extended = receivedOn("2027-03-15").extend(1, REASON, day("2027-04-15"));
        LegalClock paused = receivedOn("2027-03-15").paused(day("2027-03-16"), day("2027-03-18"));

        assertThat(extended.isOverdue(day("2027-04-16"))).isFalse();
        assertThat(extended.isOverdue(day("2027-05-16"))).isTrue();
        assertThat(paused.isOverdue(day("2027-04-17"))).isFalse();
        assertThat(paused.isOverdue(day("2027-04-18"))).isTrue();
    }
}

package dev.oubli.privacy.contactcheck;

import static dev.oubli.privacy.contactcheck.CallingHoursRefusal.NO_CALLING_ON_THIS_DAY;
import static dev.oubli.privacy.contactcheck.CallingHoursRefusal.OUTSIDE_CALLING_WINDOWS;
import static dev.oubli.privacy.contactcheck.CallingHoursRefusal.PUBLIC_HOLIDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallingHoursTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId MONTREAL = ZoneId.of("America/Montreal");

    private final CallingHours french = CallingHours.frenchConsumerCanvassing();

    /** A local wall-clock time of the recipient, as the instant an agent would plan the call for. */
    private static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    @Nested
    class OnAnOrdinaryWednesdayInParis {

        @ParameterizedTest
        @ValueSource(strings = {"10:00", "10:00:01", "12:59:59", "12:59:59.999", "14:00", "16:30", "19:59", "19:59:59"})
        void allowsACallInsideTheMorningOrAfternoonWindow(String time) {
            assertThat(french.check(at("2026-06-17T" + time, PARIS), PARIS)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"00:00", "08:00", "09:59", "09:59:59.999", "13:00", "13:30", "13:59:59", "20:00", "20:00:01", "23:59"})
        void refusesACallOutsideTheWindows(String time) {
            assertThat(french.check(at("2026-06-17T" + time, PARIS), PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
        }
    }

    @Test
    void refusesSaturdaysAndSundays() {
        assertThat(french.check(at("2026-06-20T11:00", PARIS), PARIS)).contains(NO_CALLING_ON_THIS_DAY);
        assertThat(french.check(at("2026-06-21T11:00", PARIS), PARIS)).contains(NO_CALLING_ON_THIS_DAY);
        assertThat(french.check(at("2026-06-22T11:00", PARIS), PARIS)).isEmpty();
    }

    @Test
    void refusesEasterMonday2027() {
        assertThat(french.check(at("2027-03-29T11:00", PARIS), PARIS)).contains(PUBLIC_HOLIDAY);
        assertThat(french.check(at("2027-03-30T11:00", PARIS), PARIS)).isEmpty();
    }

    @Test
    void refusesAscensionThursday2026() {
        assertThat(french.check(at("2026-05-14T11:00", PARIS), PARIS)).contains(PUBLIC_HOLIDAY);
        assertThat(french.check(at("2026-05-15T11:00", PARIS), PARIS)).isEmpty();
    }

    @Test
    void refusesWhitMonday2026() {
        assertThat(french.check(at("2026-05-25T15:00", PARIS), PARIS)).contains(PUBLIC_HOLIDAY);
    }

    @Test
    void refusesBastilleDay() {
        assertThat(french.check(at("2026-07-14T15:00", PARIS), PARIS)).contains(PUBLIC_HOLIDAY);
        assertThat(french.check(at("2026-07-13T15:00", PARIS), PARIS)).isEmpty();
    }

    @Test
    void allowsGoodFridayNationallyButNotInAlsaceMoselle() {
        CallingHours alsace = new CallingHours(
                french.windowsByDay(), true, FrenchPublicHolidays.alsaceMoselle());

        assertThat(french.check(at("2026-04-03T11:00", PARIS), PARIS)).isEmpty();
        assertThat(alsace.check(at("2026-04-03T11:00", PARIS), PARIS)).contains(PUBLIC_HOLIDAY);
    }

    @Nested
    class ForARecipientInMontreal {

        @Test
        void judgesTheRecipientsClockNotParis() {
            Instant nineInMontreal = Instant.parse("2026-06-17T13:00:00Z"); // 15:00 in Paris
            Instant halfPastSevenInMontreal = Instant.parse("2026-06-17T23:30:00Z"); // 01:30 next day in Paris

            assertThat(french.check(nineInMontreal, MONTREAL)).contains(OUTSIDE_CALLING_WINDOWS);
            assertThat(french.check(nineInMontreal, PARIS)).isEmpty();
            assertThat(french.check(halfPastSevenInMontreal, MONTREAL)).isEmpty();
            assertThat(french.check(halfPastSevenInMontreal, PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
        }

        @Test
        void readsTheHolidayOnTheRecipientsLocalDate() {
            // 13 July 19:30 in Montreal is already 14 July in Paris: still a working day for the recipient.
            assertThat(french.check(Instant.parse("2026-07-13T23:30:00Z"), MONTREAL)).isEmpty();
            assertThat(french.check(at("2026-07-14T11:00", MONTREAL), MONTREAL)).contains(PUBLIC_HOLIDAY);
        }

        @Test
        void keepsTheRecipientsFridayEveningWhenItIsAlreadySaturdayInParis() {
            Instant fridayHalfPastSevenInMontreal = Instant.parse("2026-01-17T00:30:00Z"); // Saturday 01:30 in Paris

            assertThat(french.check(fridayHalfPastSevenInMontreal, MONTREAL)).isEmpty();
            assertThat(french.check(fridayHalfPastSevenInMontreal, PARIS)).contains(NO_CALLING_ON_THIS_DAY);
            assertThat(french.check(at("2026-01-17T10:00", MONTREAL), MONTREAL)).contains(NO_CALLING_ON_THIS_DAY);
        }
    }

    @Nested
    class AroundDaylightSavingTimeInParis {

        @Test
        void movesTheWindowsOneHourEarlierInUtcAfterTheSpringChange() {
            // Friday 27 March 2026 is on CET (UTC+1); Monday 30 March on CEST (UTC+2).
            assertThat(french.check(Instant.parse("2026-03-27T08:00:00Z"), PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
            assertThat(french.check(Instant.parse("2026-03-27T09:00:00Z"), PARIS)).isEmpty();
            assertThat(french.check(Instant.parse("2026-03-30T08:00:00Z"), PARIS)).isEmpty();
            assertThat(french.check(Instant.parse("2026-03-30T07:59:59Z"), PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
        }

        @Test
        void movesTheWindowsOneHourLaterInUtcAfterTheAutumnChange() {
            // Friday 23 October 2026 is on CEST (UTC+2); Monday 26 October on CET (UTC+1).
            assertThat(french.check(Instant.parse("2026-10-23T17:59:59Z"), PARIS)).isEmpty();
            assertThat(french.check(Instant.parse("2026-10-23T18:00:00Z"), PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
            assertThat(french.check(Instant.parse("2026-10-26T18:00:00Z"), PARIS)).isEmpty();
            assertThat(french.check(Instant.parse("2026-10-26T19:00:00Z"), PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
        }

        @Test
        void usesTheNewOffsetOnTheChangeDaysThemselves() {
            // The changes fall on Sundays, refused by default: a seven-day policy shows the local clock.
            CallingHours everyDay = new CallingHours(everyDay(CallingWindow.between(10, 0, 20, 0)), true,
                    FrenchPublicHolidays.national());

            assertThat(everyDay.check(Instant.parse("2026-03-29T07:59:59Z"), PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
            assertThat(everyDay.check(Instant.parse("2026-03-29T08:00:00Z"), PARIS)).isEmpty();
            assertThat(everyDay.check(Instant.parse("2026-10-25T08:59:59Z"), PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
            assertThat(everyDay.check(Instant.parse("2026-10-25T09:00:00Z"), PARIS)).isEmpty();
            assertThat(french.check(Instant.parse("2026-10-25T09:00:00Z"), PARIS)).contains(NO_CALLING_ON_THIS_DAY);
        }
    }

    @Nested
    class WithATenantsOwnPolicy {

        // Nine to six on weekdays, no lunch break, calling on public holidays too.
        private final CallingHours nineToSix = new CallingHours(
                CallingHours.onWeekdays(CallingWindow.between(9, 0, 18, 0)), false, FrenchPublicHolidays.national());

        @Test
        void appliesItsOwnWindows() {
            assertThat(nineToSix.check(at("2026-06-17T08:59:59", PARIS), PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
            assertThat(nineToSix.check(at("2026-06-17T09:00", PARIS), PARIS)).isEmpty();
            assertThat(nineToSix.check(at("2026-06-17T13:30", PARIS), PARIS)).isEmpty();
            assertThat(nineToSix.check(at("2026-06-17T17:59:59", PARIS), PARIS)).isEmpty();
            assertThat(nineToSix.check(at("2026-06-17T18:00", PARIS), PARIS)).contains(OUTSIDE_CALLING_WINDOWS);
        }

        @Test
        void callsOnPublicHolidaysWhenTheyAreNotExcluded() {
            assertThat(nineToSix.check(at("2026-07-14T09:30", PARIS), PARIS)).isEmpty();
            assertThat(nineToSix.check(at("2027-03-29T09:30", PARIS), PARIS)).isEmpty();
        }

        @Test
        void stillRespectsItsDaysWithoutWindows() {
            assertThat(nineToSix.check(at("2026-06-20T10:00", PARIS), PARIS)).contains(NO_CALLING_ON_THIS_DAY);
        }

        @Test
        void refusesTheDaysTheTenantAdded() {
            CallingHours withClosure = new CallingHours(french.windowsByDay(), true,
                    FrenchPublicHolidays.national().plus(Set.of(LocalDate.of(2026, 6, 19))));

            assertThat(withClosure.check(at("2026-06-19T11:00", PARIS), PARIS)).contains(PUBLIC_HOLIDAY);
            assertThat(french.check(at("2026-06-19T11:00", PARIS), PARIS)).isEmpty();
        }
    }

    @Test
    void rejectsAWindowThatDoesNotStartBeforeItEnds() {
        assertThatIllegalArgumentException().isThrownBy(() -> CallingWindow.between(13, 0, 13, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> CallingWindow.between(20, 0, 14, 0));
    }

    @Test
    void keepsItsWindowsFromBeingChangedAfterwards() {
        Map<DayOfWeek, List<CallingWindow>> windows = new EnumMap<>(DayOfWeek.class);
        windows.put(DayOfWeek.SATURDAY, List.of(CallingWindow.between(10, 0, 12, 0)));
        CallingHours saturdayMornings = new CallingHours(windows, false, FrenchPublicHolidays.national());

        windows.clear();

        assertThat(saturdayMornings.check(at("2026-06-20T11:00", PARIS), PARIS)).isEmpty();
    }

    private static Map<DayOfWeek, List<CallingWindow>> everyDay(CallingWindow window) {
        Map<DayOfWeek, List<CallingWindow>> byDay = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            byDay.put(day, List.of(window));
        }
        return byDay;
    }
}

package dev.oubli.privacy.contactcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrenchPublicHolidaysTest {

    @ParameterizedTest
    @CsvSource({
        "1818, 1818-03-22", // the earliest possible date
        "1943, 1943-04-25", // the latest possible date
        "2000, 2000-04-23",
        "2024, 2024-03-31",
        "2025, 2025-04-20",
        "2026, 2026-04-05",
        "2027, 2027-03-28",
        "2038, 2038-04-25",
        "2285, 2285-03-22"
    })
    void computesGregorianEasterSunday(int year, LocalDate easter) {
        assertThat(FrenchPublicHolidays.easterSunday(year)).isEqualTo(easter);
    }

    @Test
    void listsTheElevenNationalHolidaysOf2026() {
        assertThat(FrenchPublicHolidays.national().in(2026)).containsExactly(
                LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 4, 6), // Easter Monday
                LocalDate.of(2026, 5, 1),
                LocalDate.of(2026, 5, 8),
                LocalDate.of(2026, 5, 14), // Ascension
                LocalDate.of(2026, 5, 25), // Whit Monday
                LocalDate.of(2026, 7, 14),
                LocalDate.of(2026, 8, 15),
                LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 11),
                LocalDate.of(2026, 12, 25));
    }

    @Test
    void placesTheMovableHolidaysOf2027AfterEaster() {
        assertThat(FrenchPublicHolidays.national().in(2027))
                .hasSize(11)
                .contains(LocalDate.of(2027, 3, 29), LocalDate.of(2027, 5, 6), LocalDate.of(2027, 5, 17));
    }

    @Test
    void leavesGoodFridayAndStStephensDayToAlsaceMoselle() {
        LocalDate goodFriday = LocalDate.of(2026, 4, 3);
        LocalDate stStephensDay = LocalDate.of(2026, 12, 26);

        assertThat(FrenchPublicHolidays.national().isHoliday(goodFriday)).isFalse();
        assertThat(FrenchPublicHolidays.national().isHoliday(stStephensDay)).isFalse();
        assertThat(FrenchPublicHolidays.alsaceMoselle().isHoliday(goodFriday)).isTrue();
        assertThat(FrenchPublicHolidays.alsaceMoselle().isHoliday(stStephensDay)).isTrue();
        assertThat(FrenchPublicHolidays.alsaceMoselle().in(2026)).hasSize(13);
    }

    @Test
    void addsTheTenantsOwnDaysForTheirYearOnly() {
        FrenchPublicHolidays withClosure = FrenchPublicHolidays.national().plus(Set.of(LocalDate.of(2026, 6, 19)));

        assertThat(withClosure.isHoliday(LocalDate.of(2026, 6, 19))).isTrue();
        assertThat(withClosure.isHoliday(LocalDate.of(2027, 6, 19))).isFalse();
        assertThat(withClosure.isHoliday(LocalDate.of(2026, 7, 14))).isTrue();
        assertThat(FrenchPublicHolidays.national().isHoliday(LocalDate.of(2026, 6, 19))).isFalse();
    }

    @Test
    void isNotAHolidayOnAnOrdinaryWorkingDay() {
        assertThat(FrenchPublicHolidays.national().isHoliday(LocalDate.of(2026, 6, 17))).isFalse();
    }
}

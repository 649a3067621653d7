package dev.oubli.privacy.contactcheck;

import java.time.LocalDate;
import java.time.Month;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * France's public holidays (jours fériés, Code du travail L3133-1): the eleven national days, computed for
 * any year. Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle) also rests on Good Friday and 26 December; those
 * are not national, so they are not in {@link #national()}: a tenant calling there uses
 * {@link #alsaceMoselle()}. A tenant may add its own days (a local holiday, a closure) with
 * {@link #plus(Set)}.
 *
 * @param includesAlsaceMoselleDays whether Good Friday and 26 December are holidays too
 * @param extraDays dates the tenant adds, each for its year only
 */
record FrenchPublicHolidays(boolean includesAlsaceMoselleDays, Set<LocalDate> extraDays) implements HolidayCalendar {

    FrenchPublicHolidays {
        extraDays = Set.copyOf(Objects.requireNonNull(extraDays, "extraDays"));
    }

    static FrenchPublicHolidays national() {
        return new FrenchPublicHolidays(false, Set.of());
    }

    static FrenchPublicHolidays alsaceMoselle() {
        return new FrenchPublicHolidays(true, Set.of());
    }

    FrenchPublicHolidays plus(Set<LocalDate> days) {
        Set<LocalDate> all = new TreeSet<>(extraDays);
        all.addAll(days);
        return new FrenchPublicHolidays(includesAlsaceMoselleDays, all);
    }

    @Override
    public boolean isHoliday(LocalDate date) {
        return extraDays.contains(date) || in(date.getYear()).contains(date);
    }

    /** The holidays of one year, without the tenant's extra days, in date order. */
    Set<LocalDate> in(int year) {
        LocalDate easter = easterSunday(year);
        Set<LocalDate> days = new TreeSet<>(Set.of(
                LocalDate.of(year, Month.JANUARY, 1),
                easter.plusDays(1), // Easter Monday
                LocalDate.of(year, Month.MAY, 1),
                LocalDate.of(year, Month.MAY, 8),
                easter.plusDays(39), // Ascension Thursday
                easter.plusDays(50), // Whit Monday
                LocalDate.of(year, Month.JULY, 14),
                LocalDate.of(year, Month.AUGUST, 15),
                LocalDate.of(year, Month.NOVEMBER, 1),
                LocalDate.of(year, Month.NOVEMBER, 11),
                LocalDate.of(year, Month.DECEMBER, 25)));
        if (includesAlsaceMoselleDays) {
            days.add(easter.minusDays(2)); // Good Friday
            days.add(LocalDate.of(year, Month.DECEMBER, 26));
        }
        return days;
    }

    /** Gregorian Easter Sunday by the anonymous (Meeus/Jones/Butcher) algorithm: no table to maintain. */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}

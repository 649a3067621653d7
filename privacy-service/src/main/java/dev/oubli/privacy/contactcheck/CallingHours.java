package dev.oubli.privacy.contactcheck;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's policy for when its agents may phone people, judged in the <em>recipient's</em> time zone:
 * what matters is the hour at which the phone rings, not where the agent runs.
 *
 * @param windowsByDay the calling windows of each day of the week; a day that is absent has none
 * @param excludesPublicHolidays whether no call is placed on a holiday of {@code holidays}
 * @param holidays the tenant's holiday calendar, read on the recipient's local date
 */
record CallingHours(
        Map<DayOfWeek, List<CallingWindow>> windowsByDay, boolean excludesPublicHolidays, HolidayCalendar holidays) {

    CallingHours {
        Objects.requireNonNull(holidays, "holidays");
        Map<DayOfWeek, List<CallingWindow>> copy = new EnumMap<>(DayOfWeek.class);
        Objects.requireNonNull(windowsByDay, "windowsByDay").forEach((day, windows) -> copy.put(day,
                windows.stream().sorted(Comparator.comparing(CallingWindow::start)).toList()));
        windowsByDay = Map.copyOf(copy);
    }

    /**
     * The default: France's rule for canvassing consumers by phone (Code de la consommation D223-9, decree
     * 2022-1313): weekdays 10:00–13:00 and 14:00–20:00 in the consumer's time zone, never on a weekend or a
     * public holiday of Code du travail L3133-1.
     */
    static CallingHours frenchConsumerCanvassing() {
        return new CallingHours(
                onWeekdays(CallingWindow.between(10, 0, 13, 0), CallingWindow.between(14, 0, 20, 0)),
                true,
                FrenchPublicHolidays.national());
    }

    /** The same windows from Monday to Friday, none at the weekend. */
    static Map<DayOfWeek, List<CallingWindow>> onWeekdays(CallingWindow... windows) {
        Map<DayOfWeek, List<CallingWindow>> byDay = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                byDay.put(day, List.of(windows));
            }
        }
        return byDay;
    }

    /** Empty if a call planned at this instant is allowed, otherwise why not. */
    Optional<CallingHoursRefusal> check(Instant plannedAt, ZoneId recipientZone) {
        ZonedDateTime local = plannedAt.atZone(recipientZone);
        List<CallingWindow> windows = windowsByDay.getOrDefault(local.getDayOfWeek(), List.of());
        if (windows.isEmpty()) {
            return Optional.of(CallingHoursRefusal.NO_CALLING_ON_THIS_DAY);
        }
        if (excludesPublicHolidays && holidays.isHoliday(local.toLocalDate())) {
            return Optional.of(CallingHoursRefusal.PUBLIC_HOLIDAY);
        }
        if (windows.stream().noneMatch(window -> window.contains(local.toLocalTime()))) {
            return Optional.of(CallingHoursRefusal.OUTSIDE_CALLING_WINDOWS);
        }
        return Optional.empty();
    }
}

package dev.oubli.privacy.contactcheck;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Calling hours as a person writes them: windows {@code HH:mm-HH:mm} per day of the week and the name of a holiday
 * calendar. Read from the configuration (the platform default) or from a privacy officer's PUT (docs/adr/0046).
 *
 * @param days     the windows of each day, sorted; a day that is absent has none
 * @param holidays {@code FRANCE}, {@code FRANCE_ALSACE_MOSELLE} or {@code NONE}
 */
record CallingHoursSettings(Map<DayOfWeek, List<CallingWindow>> days, String holidays) {

    static final Set<String> CALENDARS = Set.of("FRANCE", "FRANCE_ALSACE_MOSELLE", "NONE");
    static final int MAX_WINDOWS_PER_DAY = 8;
    private static final Pattern WINDOW = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$");

    CallingHoursSettings {
        Map<DayOfWeek, List<CallingWindow>> copy = new EnumMap<>(DayOfWeek.class);
        Objects.requireNonNull(days, "days").forEach((day, windows) -> {
            if (!windows.isEmpty()) {
                copy.put(day, windows.stream().sorted(Comparator.comparing(CallingWindow::start)).toList());
            }
        });
        days = Map.copyOf(copy);
        Objects.requireNonNull(holidays, "holidays");
    }

    /** France's rule for canvassing consumers by phone, the default of every tenant (see {@link CallingHours}). */
    static CallingHoursSettings frenchConsumerCanvassing() {
        return new CallingHoursSettings(CallingHours.onWeekdays(CallingWindow.between(10, 0, 13, 0), CallingWindow.between(14, 0, 20, 0)),
                "FRANCE");
    }

    /**
     * @param days     windows by day name ({@code monday} … {@code sunday}, any case), each {@code HH:mm-HH:mm}
     * @param holidays a calendar name, any case; null is {@code FRANCE}
     * @throws IllegalArgumentException naming the field (never quoting the value): an unknown day or calendar, a window
     *                                  not written {@code HH:mm-HH:mm}, ending before it starts, or overlapping another
     */
    static CallingHoursSettings parse(Map<String, List<String>> days, String holidays) {
        String calendar = holidays == null ? "FRANCE" : holidays.strip().toUpperCase(Locale.ROOT);
        if (!CALENDARS.contains(calendar)) {
            throw new IllegalArgumentException("holidays must be FRANCE, FRANCE_ALSACE_MOSELLE or NONE");
        }
        if (days == null) {
            throw new IllegalArgumentException("days is required: windows per day of the week, e.g. {\"monday\": [\"09:00-12:00\"]}");
        }
        Map<DayOfWeek, List<CallingWindow>> byDay = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<String, List<String>> entry : days.entrySet()) {
            DayOfWeek day = day(entry.getKey());
            String field = "days." + day.name().toLowerCase(Locale.ROOT);
            if (byDay.containsKey(day)) {
                throw new IllegalArgumentException(field + " is given twice");
            }
            List<String> texts = entry.getValue() == null ? List.of() : entry.getValue();
            if (texts.size() > MAX_WINDOWS_PER_DAY) {
                throw new IllegalArgumentException(field + " has more than " + MAX_WINDOWS_PER_DAY + " windows");
            }
            List<CallingWindow> windows = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                windows.add(window(field + "[" + i + "]", texts.get(i)));
            }
            windows.sort(Comparator.comparing(CallingWindow::start));
            for (int i = 1; i < windows.size(); i++) {
                if (windows.get(i).start().isBefore(windows.get(i - 1).end())) {
                    throw new IllegalArgumentException(field + ": two windows overlap");
                }
            }
            byDay.put(day, windows);
        }
        return new CallingHoursSettings(byDay, calendar);
    }

    /** The policy the pre-contact check applies. */
    CallingHours hours() {
        return switch (holidays) {
            case "FRANCE_ALSACE_MOSELLE" -> new CallingHours(days, true, FrenchPublicHolidays.alsaceMoselle());
            case "NONE" -> new CallingHours(days, false, FrenchPublicHolidays.national());
            default -> new CallingHours(days, true, FrenchPublicHolidays.national());
        };
    }

    /** Every day of the week, Monday first, with its windows written {@code HH:mm-HH:mm} (an empty list: none). */
    Map<String, List<String>> written() {
        Map<String, List<String>> written = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            written.put(day.name(), days.getOrDefault(day, List.of()).stream()
                    .map(window -> window.start() + "-" + window.end()).toList());
        }
        return written;
    }

    private static DayOfWeek day(String name) {
        try {
            return DayOfWeek.valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("days: each key must be a day of the week, monday to sunday");
        }
    }

    private static CallingWindow window(String field, String text) {
        if (text == null || !WINDOW.matcher(text.strip()).matches()) {
            throw new IllegalArgumentException(field + " must be written HH:mm-HH:mm, e.g. 09:00-12:00");
        }
        String[] bounds = text.strip().split("-");
        LocalTime start = LocalTime.parse(bounds[0]);
        LocalTime end = LocalTime.parse(bounds[1]);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException(field + " must start before it ends (a window cannot run past midnight)");
        }
        return new CallingWindow(start, end);
    }
}

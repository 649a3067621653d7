package dev.oubli.privacy.contactcheck;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A stretch of one day, in the recipient's local time, during which calls are allowed. Half-open,
 * {@code [start, end)}: with 10:00–13:00, a call at 12:59:59 is allowed and one at 13:00 is not, so two
 * windows that touch never overlap. A window cannot run past midnight; split it over two days instead.
 */
record CallingWindow(LocalTime start, LocalTime end) {

    CallingWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("A calling window must start before it ends");
        }
    }

    static CallingWindow between(int startHour, int startMinute, int endHour, int endMinute) {
        return new CallingWindow(LocalTime.of(startHour, startMinute), LocalTime.of(endHour, endMinute));
    }

    boolean contains(LocalTime time) {
        return !time.isBefore(start) && time.isBefore(end);
    }
}

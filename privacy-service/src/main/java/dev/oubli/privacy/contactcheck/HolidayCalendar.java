package dev.oubli.privacy.contactcheck;

import java.time.LocalDate;

/** The days on which a tenant does not call anyone, whatever the time. */
interface HolidayCalendar {

    boolean isHoliday(LocalDate date);
}

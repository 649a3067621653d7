package dev.oubli.web.console;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRowTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    @Test
    void anOpenRequestPastItsDueDateIsOverdue() {
        assertThat(RequestRow.urgency("IN_PROGRESS", "2026-03-09", false, TODAY)).isEqualTo("overdue");
        assertThat(RequestRow.urgency("RECEIVED", "2026-03-20", true, TODAY)).isEqualTo("overdue");
    }

    @Test
    void anOpenRequestDueWithinSevenDaysIsDueSoonAndTheEighthDayIsNot() {
        assertThat(RequestRow.urgency("IN_PROGRESS", "2026-03-10", false, TODAY)).isEqualTo("due-soon");
        assertThat(RequestRow.urgency("IDENTITY_PENDING", "2026-03-16", false, TODAY)).isEqualTo("due-soon");
        assertThat(RequestRow.urgency("IN_PROGRESS", "2026-03-17", false, TODAY)).isEmpty();
    }

    @Test
    void aClosedRequestIsNeverHighlighted() {
        assertThat(RequestRow.urgency("COMPLETED", "2026-01-01", false, TODAY)).isEmpty();
        assertThat(RequestRow.urgency("REJECTED", "2026-03-11", false, TODAY)).isEmpty();
    }
}

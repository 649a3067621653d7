package dev.oubli.privacy.privacyrequest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The legal deadline of a privacy request (GDPR Art. 12(3)): one calendar month from receipt, extended at most
 * once by one or two further months with a recorded reason, and paused while the subject's identity is being
 * verified. Immutable: each change gives a new clock.
 * <p>
 * Dates are in the tenant's calendar. A month is {@link LocalDate#plusMonths}: the same day of the next month,
 * or its last day when it has no such day (31 January is due on 28 February, or 29 in a leap year).
 * <p>
 * The month arithmetic runs on the unpaused dates and the paused days are added last, so that a pause of N
 * days moves every due date by exactly N days, whatever the months' lengths (adding them first could lose
 * some of them to the end of a short month). An extension adds its months to the unpaused original due date
 * with the same arithmetic: due 28 February, extended by two months, is due 28 April, not 30 April.
 *
 * @param receivedOn the day the request was received, in the tenant's calendar
 * @param pausedDays the whole days the clock was paused, in total
 * @param extension  null until the deadline is extended
 */
record LegalClock(LocalDate receivedOn, int pausedDays, Extension extension) {

    static final int MAX_EXTENSION_MONTHS = 2;
    /** Enough for a recorded reason, not for a document: it is stored with the request. */
    static final int MAX_REASON_LENGTH = 500;

    LegalClock {
        Objects.requireNonNull(receivedOn, "receivedOn");
        if (pausedDays < 0) {
            throw new IllegalArgumentException("pausedDays must not be negative");
        }
        // Checked here rather than in extend(), so that no clock can hold a late extension, however built.
        if (extension != null && extension.requestedOn().isAfter(originalDueOn(receivedOn, pausedDays))) {
            throw new ExtensionRefusedException(ExtensionRefusedException.Reason.TOO_LATE);
        }
    }

    /** The clock of a request received on {@code receivedOn}: not paused, not extended. */
    static LegalClock startedOn(LocalDate receivedOn) {
        return new LegalClock(receivedOn, 0, null);
    }

    /**
     * The clock of a request received at {@code receivedAt}. The day is the tenant's, not the server's: a
     * request received on 31 January at 23:30 UTC is received on 1 February in Berlin.
     */
    static LegalClock startedAt(Instant receivedAt, ZoneId tenantZone) {
        return startedOn(LocalDate.ofInstant(receivedAt, tenantZone));
    }

    /**
     * The first deadline, before any extension: one month after receipt, moved by the paused days. An
     * extension must be requested on or before it.
     */
    LocalDate originalDueOn() {
        return originalDueOn(receivedOn, pausedDays);
    }

    private static LocalDate originalDueOn(LocalDate receivedOn, int pausedDays) {
        return receivedOn.plusMonths(1).plusDays(pausedDays);
    }

    /** The deadline that applies: the original one, or the extended one. */
    LocalDate dueOn() {
        LocalDate unpaused = receivedOn.plusMonths(1);
        if (extension != null) {
            unpaused = unpaused.plusMonths(extension.months());
        }
        return unpaused.plusDays(pausedDays);
    }

    /**
     * This clock, also paused from {@code from} to {@code until} (the days identity verification started and
     * ended, converted by the caller with the tenant's zone): the whole days between them, so a verification
     * begun and finished on the same day moves nothing. Pauses add up.
     */
    LegalClock paused(LocalDate from, LocalDate until) {
        if (until.isBefore(from)) {
            throw new IllegalArgumentException("a pause cannot end before it starts");
        }
        return new LegalClock(receivedOn, Math.addExact(pausedDays, Math.toIntExact(ChronoUnit.DAYS.between(from, until))),
                extension);
    }

    /**
     * This clock, extended once by {@code months} (1 or 2) further months for a recorded {@code reason},
     * requested on or before the original due date.
     *
     * @throws ExtensionRefusedException with the first rule the extension breaks
     */
    LegalClock extend(int months, String reason, LocalDate requestedOn) {
        if (extension != null) {
            throw new ExtensionRefusedException(ExtensionRefusedException.Reason.ALREADY_EXTENDED);
        }
        return new LegalClock(receivedOn, pausedDays, new Extension(months, reason, requestedOn));
    }

    /** Past its due date on {@code today}; whether the request is still open is the caller's question. */
    boolean isOverdue(LocalDate today) {
        return today.isAfter(dueOn());
    }

    /**
     * The one extension Art. 12(3) allows.
     *
     * @param reason free text written by staff: it may name the subject, so it is never logged nor shown in
     *               {@link #toString()}
     */
    record Extension(int months, String reason, LocalDate requestedOn) {

        Extension {
            Objects.requireNonNull(requestedOn, "requestedOn");
            if (months < 1 || months > MAX_EXTENSION_MONTHS) {
                throw new ExtensionRefusedException(ExtensionRefusedException.Reason.INVALID_LENGTH);
            }
            if (reason == null || reason.isBlank()) {
                throw new ExtensionRefusedException(ExtensionRefusedException.Reason.REASON_REQUIRED);
            }
            if (reason.length() > MAX_REASON_LENGTH) {
                throw new ExtensionRefusedException(ExtensionRefusedException.Reason.REASON_TOO_LONG);
            }
        }

        @Override
        public String toString() {
            return "Extension[months=" + months + ", requestedOn=" + requestedOn + ", reason=" + reason.length() + " characters]";
        }
    }
}

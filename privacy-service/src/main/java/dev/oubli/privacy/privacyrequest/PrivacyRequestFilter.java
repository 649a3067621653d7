package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;

import java.time.LocalDate;

/** The listing's filters; each null (or false) filter is not applied. */
record PrivacyRequestFilter(PrivacyRequestStatus status, RequestType type, LocalDate dueBefore, boolean overdue) {
}

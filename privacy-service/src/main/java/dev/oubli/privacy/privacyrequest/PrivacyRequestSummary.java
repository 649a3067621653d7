package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

public record PrivacyRequestSummary(UUID id, RequestType type, String status, String closingReason, OffsetDateTime receivedAt,
                                    LocalDate dueOn, boolean overdue) {

    static PrivacyRequestSummary of(PrivacyRequest request, LocalDate today) {
        return new PrivacyRequestSummary(request.id, request.type, request.status.name(),
                request.closingReason == null ? null : request.closingReason.name(), request.receivedAt, request.dueOn,
                request.isOverdue(today));
    }
}

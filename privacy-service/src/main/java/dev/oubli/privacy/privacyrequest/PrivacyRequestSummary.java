package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

public record PrivacyRequestSummary(UUID id, RequestType type, String status, OffsetDateTime receivedAt, LocalDate dueOn) {

    static PrivacyRequestSummary of(PrivacyRequest request) {
        return new PrivacyRequestSummary(request.id, request.type, request.status.name(), request.receivedAt, request.dueOn);
    }
}

package dev.oubli.privacy.selfservice;

import dev.oubli.events.RequestType;
import dev.oubli.privacy.certificate.ErasureCertificate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the subject sees behind the private status link: no identifier, no contact id, no count of the owners.
 *
 * @param closingReason   why it ended without being done (REJECTED, CANCELLED, FAILED), else null
 * @param extensionMonths months the deadline was extended by, with {@code extensionReason}; else null
 * @param steps           each owner's part: its service name and PENDING, COMPLETED or FAILED
 * @param export          an ACCESS or PORTABILITY request's bundle once prepared, else null
 * @param certificate     a COMPLETED erasure's signed certificate, else null
 */
public record SelfServiceStatus(UUID id, RequestType type, String status, String closingReason, OffsetDateTime receivedAt,
                                LocalDate dueOn, Integer extensionMonths, String extensionReason, OffsetDateTime completedAt,
                                List<Step> steps, Export export, ErasureCertificate certificate) {

    public record Step(String owner, String status) {
    }

    /** @param link the signed, expiring download link (relative to the gateway) while {@code READY}, else null */
    public record Export(String state, String link, Instant expiresAt) {
    }
}

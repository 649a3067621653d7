package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.SubjectResolutionRequested;
import dev.oubli.tenancy.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A data subject's request (access, erasure, ...) received by a tenant, with its legal clock. The subject is
 * kept as contact ids and blind indexes only, never as the email addresses or phone numbers given. Every status
 * change goes through {@link PrivacyRequestLifecycle} here, and is remembered for the audit log.
 */
@Entity
@Table(name = "privacy_request")
class PrivacyRequest {

    /** Tenants' calendars are UTC until tenants have a configured zone (the legal clock takes any zone). */
    static final ZoneOffset CALENDAR = ZoneOffset.UTC;

    @Id
    UUID id;

    @Column(name = "tenant_id", nullable = false)
    UUID tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    RequestType type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    PrivacyRequestStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "closing_reason")
    ClosingReason closingReason;

    @Column(name = "duplicate_of")
    UUID duplicateOf;

    @Column(name = "self_service", nullable = false)
    boolean selfService;

    @Column(name = "received_at", nullable = false)
    OffsetDateTime receivedAt;

    @Column(name = "received_on", nullable = false)
    LocalDate receivedOn;

    @Column(name = "paused_days", nullable = false)
    int pausedDays;

    @Column(name = "identity_pending_since")
    OffsetDateTime identityPendingSince;

    @Column(name = "extension_months")
    Integer extensionMonths;

    /** Staff's free text: never logged, audited or shown in {@link #toString()}. */
    @Column(name = "extension_reason")
    String extensionReason;

    @Column(name = "extension_requested_on")
    LocalDate extensionRequestedOn;

    /** {@link LegalClock#dueOn()}, stored for the listing's filters. */
    @Column(name = "due_on", nullable = false)
    LocalDate dueOn;

    @Column(name = "completed_at")
    OffsetDateTime completedAt;

    @Column(name = "subject_contact_ids", nullable = false)
    UUID[] subjectContactIds;

    @Column(name = "subject_email_indexes", nullable = false)
    String[] subjectEmailIndexes;

    @Column(name = "subject_phone_indexes", nullable = false)
    String[] subjectPhoneIndexes;

    @Column(name = "subject_fingerprint")
    String subjectFingerprint;

    @Column(name = "publish_attempts", nullable = false)
    int publishAttempts;

    @Column(name = "last_published_at")
    OffsetDateTime lastPublishedAt;

    @Column(name = "export_public_key")
    String exportPublicKey;

    /** Ciphertext (libs/sealing), kept while the watchdog may publish again; cleared once settled. */
    @Column(name = "sealed_corrections")
    String sealedCorrections;

    /** The bulk erasure this request is a batch of (docs/adr/0062), or null. */
    @Column(name = "bulk_erasure_id")
    UUID bulkErasureId;

    /** How many batches that bulk erasure has, or null. */
    @Column(name = "bulk_batches")
    Integer bulkBatches;

    /** Waiting for the resolving owner to name the subject's contact ids before the owners act (docs/adr/0034). */
    @Column(name = "awaiting_resolution", nullable = false)
    boolean awaitingResolution;

    /** A verified self-service request's address, held in memory between its settling and the final notice. */
    @Transient
    String noticeAddress;

    /** The status changes of this unit of work, for the audit log. */
    @Transient
    final List<StatusChange> changes = new ArrayList<>();

    record StatusChange(PrivacyRequestStatus from, PrivacyRequestStatus to, ClosingReason reason) {
    }

    /** A request received now, status {@code RECEIVED}, due one month later (GDPR Art. 12(3)). */
    static PrivacyRequest received(TenantId tenant, RequestType type, SubjectRef subject, OffsetDateTime receivedAt) {
        PrivacyRequest request = new PrivacyRequest();
        request.id = UUID.randomUUID();
        request.tenantId = tenant.value();
        request.type = type;
        request.status = PrivacyRequestStatus.RECEIVED;
        // Microseconds, as PostgreSQL keeps it: the event published again by the watchdog is the same event.
        request.receivedAt = receivedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        request.receivedOn = LocalDate.ofInstant(receivedAt.toInstant(), CALENDAR);
        request.dueOn = request.clock().dueOn();
        request.subjectContactIds = subject.contactIds().toArray(UUID[]::new);
        request.subjectEmailIndexes = subject.emailIndexes().toArray(String[]::new);
        request.subjectPhoneIndexes = subject.phoneIndexes().toArray(String[]::new);
        request.subjectFingerprint = fingerprint(subject);
        return request;
    }

    SubjectRef subject() {
        return new SubjectRef(List.of(subjectContactIds), List.of(subjectEmailIndexes), List.of(subjectPhoneIndexes));
    }

    /** The same subject whatever the order its identifiers were given in. */
    static String fingerprint(SubjectRef subject) {
        String text = "c:" + subject.contactIds().stream().map(UUID::toString).sorted().toList()
                + "|e:" + subject.emailIndexes().stream().sorted().toList()
                + "|p:" + subject.phoneIndexes().stream().sorted().toList();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }

    LegalClock clock() {
        LegalClock.Extension extension = extensionMonths == null ? null
                : new LegalClock.Extension(extensionMonths, extensionReason, extensionRequestedOn);
        return new LegalClock(receivedOn, pausedDays, extension);
    }

    boolean isOpen() {
        return !PrivacyRequestLifecycle.isTerminal(status);
    }

    /** Open and past its due date ({@link #dueOn} is the clock's, kept with every change of the clock). */
    boolean isOverdue(LocalDate today) {
        return isOpen() && today.isAfter(dueOn);
    }

    /** The event the owners act on, as first published or (watchdog) published again. */
    PrivacyRequestSubmitted event() {
        PrivacyRequestSubmitted first = new PrivacyRequestSubmitted(id, type, subject(), 1, exportPublicKey, sealedCorrections,
                receivedAt.toInstant());
        PrivacyRequestSubmitted event = first;
        for (int attempt = 1; attempt < publishAttempts; attempt++) {
            event = event.nextAttempt();
        }
        return event;
    }

    /** The question to the resolving owner, as first published or (watchdog) published again. */
    SubjectResolutionRequested resolutionEvent() {
        return new SubjectResolutionRequested(id, type, subject(), Math.max(publishAttempts, 1), receivedAt.toInstant());
    }

    /** The resolution was published now; the owners are told once it is answered ({@link #resolved}). */
    void awaitResolution(OffsetDateTime now) {
        awaitingResolution = true;
        published(now);
    }

    /**
     * The resolving owner named the subject's contact ids: they join the subject the owners act on (the fingerprint,
     * which finds duplicates, stays that of the subject as given), and the owners' publications count from zero.
     *
     * @return how many contact ids the subject gained
     */
    int resolved(Collection<UUID> contactIds) {
        List<UUID> merged = new ArrayList<>(List.of(subjectContactIds));
        contactIds.stream().filter(contactId -> !merged.contains(contactId)).forEach(merged::add);
        int added = merged.size() - subjectContactIds.length;
        subjectContactIds = merged.toArray(UUID[]::new);
        awaitingResolution = false;
        publishAttempts = 0;
        return added;
    }

    /** The event was (re-)published now; {@link #event()} now carries the next attempt number. */
    void published(OffsetDateTime now) {
        publishAttempts++;
        lastPublishedAt = now;
    }

    /** A self-service request waits for the subject's proof of identity; its clock stops meanwhile. */
    void awaitIdentity(OffsetDateTime now) {
        moveTo(PrivacyRequestStatus.IDENTITY_PENDING, null, now);
        identityPendingSince = now;
    }

    /** Identity proven: the days spent waiting are added to the deadline. */
    void identityVerified(OffsetDateTime now) {
        LegalClock clock = clock().paused(LocalDate.ofInstant(identityPendingSince.toInstant(), CALENDAR),
                LocalDate.ofInstant(now.toInstant(), CALENDAR));
        pausedDays = clock.pausedDays();
        dueOn = clock.dueOn();
        identityPendingSince = null;
    }

    /**
     * @throws ExtensionRefusedException with the rule the extension breaks
     * @throws IllegalTransitionException for a settled request (nothing left to extend)
     */
    void extend(int months, String reason, LocalDate today) {
        if (!isOpen()) {
            throw new IllegalTransitionException(status, status);
        }
        LegalClock extended = clock().extend(months, reason, today);
        extensionMonths = months;
        extensionReason = reason;
        extensionRequestedOn = today;
        dueOn = extended.dueOn();
    }

    /**
     * Takes the status its tasks give it, as the lifecycle allows; the moment it is settled, it records when.
     *
     * @throws IllegalTransitionException when the tasks would move it somewhere the lifecycle forbids
     */
    void settle(Collection<PrivacyRequestTask> tasks, OffsetDateTime now) {
        PrivacyRequestStatus derived = PrivacyRequestStatus.of(tasks.stream().map(task -> task.status).toList());
        // Re-deriving after each receipt often gives the same status: that is no change, not a transition.
        if (derived != status) {
            if (status == PrivacyRequestStatus.IDENTITY_PENDING && derived != PrivacyRequestStatus.IN_PROGRESS) {
                // Verified, and no owner handles it: it goes through IN_PROGRESS like every verified request.
                moveTo(PrivacyRequestStatus.IN_PROGRESS, null, now);
            }
            ClosingReason reason = derived == PrivacyRequestStatus.FAILED
                    && tasks.stream().allMatch(task -> PrivacyRequestTask.NO_RECEIPT.equals(task.failureReason))
                    ? ClosingReason.RECEIPTS_OVERDUE : null;
            moveTo(derived, reason, now);
        }
    }

    /**
     * Ends the request without doing it, for a reason that explains how.
     *
     * @throws IllegalTransitionException when its status may not become {@code to}
     * @throws IllegalArgumentException   when the reason does not explain {@code to}
     */
    void close(PrivacyRequestStatus to, ClosingReason reason, OffsetDateTime now) {
        PrivacyRequestLifecycle.close(status, to, reason);
        moveTo(to, reason, now);
    }

    /** A PARTIALLY_COMPLETED or FAILED request whose failed task an officer retries: in progress again (docs/adr/0041). */
    void reopen(OffsetDateTime now) {
        moveTo(PrivacyRequestStatus.IN_PROGRESS, null, now);
        completedAt = null;
    }

    /**
     * Every owner did its part but the export's bundle can never be delivered (its chunks missing after the watchdog's
     * re-requests): the request does not claim success, FAILED with {@link ClosingReason#EXPORT_FAILED} (docs/adr/0054).
     *
     * @return whether it changed (false when it was not COMPLETED or PARTIALLY_COMPLETED)
     */
    boolean exportFailed(OffsetDateTime now) {
        if (status != PrivacyRequestStatus.COMPLETED && status != PrivacyRequestStatus.PARTIALLY_COMPLETED) {
            return false;
        }
        close(PrivacyRequestStatus.FAILED, ClosingReason.EXPORT_FAILED, now);
        return true;
    }

    /**
     * The bundle of an export that had failed was assembled after all: the request takes back the status its tasks say.
     *
     * @return whether it changed (false unless it was FAILED with {@link ClosingReason#EXPORT_FAILED})
     */
    boolean exportDelivered(Collection<PrivacyRequestTask> tasks, OffsetDateTime now) {
        if (status != PrivacyRequestStatus.FAILED || closingReason != ClosingReason.EXPORT_FAILED) {
            return false;
        }
        moveTo(PrivacyRequestStatus.of(tasks.stream().map(task -> task.status).toList()), null, now);
        return true;
    }

    /** Recorded as a duplicate of the open request {@code original}: nothing is sent to the owners. */
    void duplicates(UUID original, OffsetDateTime now) {
        duplicateOf = original;
        close(PrivacyRequestStatus.REJECTED, ClosingReason.DUPLICATE, now);
    }

    private void moveTo(PrivacyRequestStatus to, ClosingReason reason, OffsetDateTime now) {
        PrivacyRequestStatus from = status;
        status = PrivacyRequestLifecycle.transition(from, to);
        closingReason = reason;
        changes.add(new StatusChange(from, to, reason));
        if (!isOpen()) {
            completedAt = now;
            identityPendingSince = null;
            // Needed only while the owners might be asked again.
            sealedCorrections = null;
        }
    }

    @Override
    public String toString() {
        return "PrivacyRequest[id=" + id + ", type=" + type + ", status=" + status + "]";
    }
}

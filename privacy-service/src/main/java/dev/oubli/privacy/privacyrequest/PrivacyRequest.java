package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.tenancy.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A data subject's request (access, erasure, ...) received by a tenant, with its legal due date. The subject
 * is kept as contact ids and blind indexes only, never as the email addresses or phone numbers given.
 */
@Entity
@Table(name = "privacy_request")
class PrivacyRequest {

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

    @Column(name = "received_at", nullable = false)
    OffsetDateTime receivedAt;

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

    /**
     * A request received now, due one month later (GDPR Art. 12(3)); {@code plusMonths} gives the last day
     * of the next month when it has no such day (31 January is due on 28 or 29 February).
     */
    static PrivacyRequest received(TenantId tenant, RequestType type, SubjectRef subject, OffsetDateTime receivedAt) {
        PrivacyRequest request = new PrivacyRequest();
        request.id = UUID.randomUUID();
        request.tenantId = tenant.value();
        request.type = type;
        request.status = PrivacyRequestStatus.IN_PROGRESS;
        request.receivedAt = receivedAt;
        request.dueOn = receivedAt.toLocalDate().plusMonths(1);
        request.subjectContactIds = subject.contactIds().toArray(UUID[]::new);
        request.subjectEmailIndexes = subject.emailIndexes().toArray(String[]::new);
        request.subjectPhoneIndexes = subject.phoneIndexes().toArray(String[]::new);
        return request;
    }

    SubjectRef subject() {
        return new SubjectRef(List.of(subjectContactIds), List.of(subjectEmailIndexes), List.of(subjectPhoneIndexes));
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
            status = PrivacyRequestLifecycle.transition(status, derived);
        }
        if (PrivacyRequestLifecycle.isTerminal(status) && completedAt == null) {
            completedAt = now;
        }
    }

    @Override
    public String toString() {
        return "PrivacyRequest[id=" + id + ", type=" + type + ", status=" + status + "]";
    }
}

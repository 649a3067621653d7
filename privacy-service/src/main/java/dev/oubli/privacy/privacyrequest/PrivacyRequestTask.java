package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.TaskFailureReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** One data owner's part of a privacy request, settled by the owner's receipt. */
@Entity
@Table(name = "privacy_request_task")
@IdClass(PrivacyRequestTask.Key.class)
class PrivacyRequestTask {

    @Id
    @Column(name = "tenant_id")
    UUID tenantId;

    @Id
    @Column(name = "request_id")
    UUID requestId;

    /** The owner's service name, as in the registry and its receipts: {@code contacts-service}. */
    @Id
    String owner;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    TaskStatus status;

    /** What the owner erased, exported or changed, for example {@code {"erased": 3}}. */
    @JdbcTypeCode(SqlTypes.JSON)
    Map<String, Long> counts;

    /** The owner's {@link TaskFailureReason}, or {@link #NO_RECEIPT} when the watchdog gave up on it. */
    @Column(name = "failure_reason")
    String failureReason;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;

    /** The owner never answered, however often the watchdog asked again. */
    static final String NO_RECEIPT = "NO_RECEIPT";
    /** The owner's receipt reached this service but can never be recorded: it went to the dead-letter topic. */
    static final String RECEIPT_DEAD_LETTERED = "RECEIPT_DEAD_LETTERED";

    record Key(UUID tenantId, UUID requestId, String owner) implements Serializable {
    }

    static PrivacyRequestTask pending(PrivacyRequest request, String owner) {
        PrivacyRequestTask task = new PrivacyRequestTask();
        task.tenantId = request.tenantId;
        task.requestId = request.id;
        task.owner = owner;
        task.status = TaskStatus.PENDING;
        task.updatedAt = request.receivedAt;
        return task;
    }

    void complete(Map<String, Long> counts, OffsetDateTime now) {
        this.status = TaskStatus.COMPLETED;
        this.counts = counts;
        this.updatedAt = now;
    }

    void fail(TaskFailureReason reason, OffsetDateTime now) {
        this.status = TaskStatus.FAILED;
        this.failureReason = reason.name();
        this.updatedAt = now;
    }

    void receiptDeadLettered(OffsetDateTime now) {
        this.status = TaskStatus.FAILED;
        this.failureReason = RECEIPT_DEAD_LETTERED;
        this.updatedAt = now;
    }

    /** An officer retries it (docs/adr/0041): pending again, its failure forgotten (the audit log keeps it). */
    void retry(OffsetDateTime now) {
        this.status = TaskStatus.PENDING;
        this.failureReason = null;
        this.counts = null;
        this.updatedAt = now;
    }

    void timeOut(OffsetDateTime now) {
        this.status = TaskStatus.FAILED;
        this.failureReason = NO_RECEIPT;
        this.updatedAt = now;
    }

    @Override
    public String toString() {
        return "PrivacyRequestTask[requestId=" + requestId + ", owner=" + owner + ", status=" + status + "]";
    }
}

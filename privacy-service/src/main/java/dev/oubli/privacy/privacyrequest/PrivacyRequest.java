package dev.oubli.privacy.privacyrequest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A data subject's request (access, erasure, ...) received by a tenant, with its legal due date. */
@Entity
@Table(name = "privacy_request")
class PrivacyRequest {

    @Id
    UUID id;

    @Column(name = "tenant_id", nullable = false)
    UUID tenantId;

    @Column(nullable = false)
    String type;

    @Column(nullable = false)
    String status;

    @Column(name = "received_at", nullable = false)
    OffsetDateTime receivedAt;

    @Column(name = "due_on", nullable = false)
    LocalDate dueOn;

    @Override
    public String toString() {
        return "PrivacyRequest[id=" + id + ", type=" + type + ", status=" + status + "]";
    }
}

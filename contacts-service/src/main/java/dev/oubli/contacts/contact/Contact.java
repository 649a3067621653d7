package dev.oubli.contacts.contact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A person a tenant keeps in its contacts. Never leaves this package: the API speaks {@link ContactResponse}. */
@Entity
@Table(name = "contact")
class Contact {

    @Id
    UUID id;

    @Column(name = "tenant_id", nullable = false)
    UUID tenantId;

    @Column(name = "first_name")
    String firstName;

    @Column(name = "last_name")
    String lastName;

    String email;

    String phone;

    /** Blind index of the normalised email (libs/subject-index). */
    @Column(name = "email_index")
    String emailIndex;

    /** Blind index of the E.164 phone. */
    @Column(name = "phone_index")
    String phoneIndex;

    @Column(name = "created_at", nullable = false)
    OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;

    @Override
    public String toString() {
        return "Contact[id=" + id + "]";
    }
}

package dev.oubli.contacts.contact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

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

    String company;

    @Column(name = "job_title")
    String jobTitle;

    /** A JSON object, as text: the column is jsonb (cast through text: the driver would send a String as a JSON string). */
    @ColumnTransformer(read = "cast(attributes as text)", write = "cast(cast(? as text) as jsonb)")
    String attributes;

    String source;

    @Column(name = "lawful_basis")
    String lawfulBasis;

    boolean restricted;

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

    void assign(ValidContact valid) {
        firstName = valid.firstName();
        lastName = valid.lastName();
        email = valid.email();
        emailIndex = valid.emailIndex();
        phone = valid.phone();
        phoneIndex = valid.phoneIndex();
        company = valid.company();
        jobTitle = valid.jobTitle();
        attributes = valid.attributesJson();
        source = valid.source();
        lawfulBasis = valid.lawfulBasis() == null ? null : valid.lawfulBasis().name();
    }

    @Override
    public String toString() {
        return "Contact[id=" + id + "]";
    }
}

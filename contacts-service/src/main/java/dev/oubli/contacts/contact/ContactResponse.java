package dev.oubli.contacts.contact;

import java.time.OffsetDateTime;
import java.util.UUID;

public record ContactResponse(UUID id, String firstName, String lastName, String email, String phone,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static ContactResponse of(Contact contact) {
        return new ContactResponse(contact.id, contact.firstName, contact.lastName, contact.email, contact.phone,
                contact.createdAt, contact.updatedAt);
    }

    @Override
    public String toString() {
        return "ContactResponse[id=" + id + "]";
    }
}

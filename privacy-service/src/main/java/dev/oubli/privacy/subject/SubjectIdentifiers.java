package dev.oubli.privacy.subject;

import java.util.UUID;

/**
 * A person as an API caller names them: an email address, a phone number, a contact id, any of them. The
 * email and the phone are personal data: they are turned into blind indexes at once, never stored, logged
 * or echoed.
 */
public record SubjectIdentifiers(String email, String phone, UUID contactId) {

    @Override
    public String toString() {
        return "SubjectIdentifiers[email=" + (email != null) + ", phone=" + (phone != null) + ", contactId=" + contactId + "]";
    }
}

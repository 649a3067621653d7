package dev.oubli.privacy.subject;

import dev.oubli.events.SubjectRef;
import dev.oubli.subjectindex.BlindIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A person as the ledger knows them: the blind indexes of their email and phone, and their contact id when
 * known. Each may be absent; together they name someone.
 */
public record SubjectKeys(BlindIndex email, BlindIndex phone, UUID contactId) {

    public SubjectKeys {
        if (email == null && phone == null && contactId == null) {
            throw new IllegalArgumentException("a subject needs an email, a phone or a contact id");
        }
    }

    public String emailIndex() {
        return email == null ? null : email.value();
    }

    public String phoneIndex() {
        return phone == null ? null : phone.value();
    }

    public String contactIdText() {
        return contactId == null ? null : contactId.toString();
    }

    /** The blind indexes, email first: what the suppression list holds. */
    public List<String> blindIndexes() {
        List<String> indexes = new ArrayList<>(2);
        if (email != null) {
            indexes.add(email.value());
        }
        if (phone != null) {
            indexes.add(phone.value());
        }
        return indexes;
    }

    /** Every identifier as the current consent state is keyed: blind indexes, then the contact id as text. */
    public List<String> identifiers() {
        List<String> identifiers = blindIndexes();
        if (contactId != null) {
            identifiers.add(contactId.toString());
        }
        return identifiers;
    }

    /** The same subject as events carry it. */
    public SubjectRef toRef() {
        return new SubjectRef(contactId == null ? List.of() : List.of(contactId),
                email == null ? List.of() : List.of(email.value()),
                phone == null ? List.of() : List.of(phone.value()));
    }
}

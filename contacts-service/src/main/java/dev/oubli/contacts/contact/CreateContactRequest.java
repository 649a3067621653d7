package dev.oubli.contacts.contact;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /api/contacts}. Every field is optional; the phone may omit its country code (the
 * tenant's default region applies); attributes is a JSON object of at most 50 keys and 16 KiB.
 */
public record CreateContactRequest(String firstName, String lastName, String email, String phone, String company,
                                   String jobTitle, ObjectNode attributes, String source, LawfulBasis lawfulBasis) {

    ContactDraft draft() {
        return new ContactDraft(firstName, lastName, email, phone, company, jobTitle, attributes, source, lawfulBasis);
    }

    @Override
    public String toString() {
        return "CreateContactRequest[...]";
    }
}

package dev.oubli.contacts.contact;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A contact's editable fields as received (API body, merge-patched card, import row, rectification), before
 * validation by {@link ContactValidation}. Email and phone are raw.
 */
public record ContactDraft(String firstName, String lastName, String email, String phone, String company,
                           String jobTitle, ObjectNode attributes, String source, LawfulBasis lawfulBasis) {

    @Override
    public String toString() {
        return "ContactDraft[...]";
    }
}

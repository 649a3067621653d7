package dev.oubli.contacts.contact;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated contact: email normalised (trimmed, lower-cased) and phone in E.164, with their blind indexes
 * computed once. Nulls are absent values; attributes is never null.
 */
public record ValidContact(String firstName, String lastName, String email, String emailIndex, String phone,
                           String phoneIndex, String company, String jobTitle, ObjectNode attributes, String attributesJson,
                           String source, LawfulBasis lawfulBasis) {

    @Override
    public String toString() {
        return "ValidContact[...]";
    }
}

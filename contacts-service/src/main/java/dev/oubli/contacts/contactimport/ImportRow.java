package dev.oubli.contacts.contactimport;

import dev.oubli.contacts.contact.ContactDraft;

/**
 * One row of an import file: its row number (the file line it starts on, the header being line 1) and
 * either its fields or why it was rejected (a code, never the row's data).
 */
record ImportRow(long number, ContactDraft draft, String rejection) {

    static ImportRow rejected(long number, String reason) {
        return new ImportRow(number, null, reason);
    }

    @Override
    public String toString() {
        return "ImportRow[" + number + (rejection == null ? "" : ", " + rejection) + "]";
    }
}

package dev.oubli.contacts.contact;

/** A contact that cannot be stored as given. The message names the field and the rule, never the value. */
class InvalidContactException extends RuntimeException {

    InvalidContactException(String message) {
        super(message, null, false, false);
    }
}

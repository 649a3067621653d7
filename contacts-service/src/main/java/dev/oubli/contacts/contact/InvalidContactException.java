package dev.oubli.contacts.contact;

/**
 * A contact field that does not validate. The message names the field and the rule, never the value; the
 * reason is a stable code for import reports.
 */
public class InvalidContactException extends RuntimeException {

    private final String reason;

    InvalidContactException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A stable code such as {@code INVALID_EMAIL}, {@code FIELD_TOO_LONG}. */
    public String reason() {
        return reason;
    }
}

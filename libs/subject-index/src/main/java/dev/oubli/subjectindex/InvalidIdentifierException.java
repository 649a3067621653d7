package dev.oubli.subjectindex;

/**
 * An email address or phone number could not be normalised. The message names the kind and the reason,
 * never the value: it is personal data.
 */
public class InvalidIdentifierException extends RuntimeException {

    InvalidIdentifierException(IdentifierKind kind, String reason) {
        // Rejected input is an expected outcome (imports, free text), not a bug: no stack trace.
        super("Invalid " + kind.label() + ": " + reason, null, false, false);
    }
}

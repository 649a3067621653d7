package dev.oubli.privacy.privacyrequest;

/** An extension of a request's deadline that GDPR Art. 12(3) does not allow, with the rule it breaks. */
class ExtensionRefusedException extends RuntimeException {

    enum Reason {
        /** The deadline can be extended once only. */
        ALREADY_EXTENDED,
        /** The extension must be requested on or before the original due date. */
        TOO_LATE,
        /** The extension is one or two months. */
        INVALID_LENGTH,
        /** The reason for the extension must be recorded. */
        REASON_REQUIRED,
        /** The recorded reason is longer than {@link LegalClock#MAX_REASON_LENGTH}. */
        REASON_TOO_LONG
    }

    private final Reason reason;

    ExtensionRefusedException(Reason reason) {
        // An answer to the caller, not a bug: no stack trace. The message never quotes the recorded reason.
        super("The deadline cannot be extended: " + reason, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}

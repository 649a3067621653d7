package dev.oubli.privacy.contactcheck;

/** Why a pre-contact check refused. */
public enum CheckReason {
    /** The ledger holds no consent of the recipient for this channel and purpose. */
    NO_CONSENT,
    /** The recipient withdrew consent for this channel and purpose. */
    WITHDRAWN,
    /** The recipient is on the suppression list (unsubscribed, objected or erased). */
    SUPPRESSED,
    /** Processing of the recipient's data is restricted (GDPR Art. 18). */
    RESTRICTED,
    /** A call at the planned time would fall outside the tenant's calling hours in the recipient's time zone. */
    OUTSIDE_CALLING_HOURS,
    /** Only a contact id was given, and the ledger knows nothing of it. */
    UNKNOWN_RECIPIENT,
    /** The ledger could not be read in time: the check fails closed. */
    LEDGER_UNAVAILABLE
}

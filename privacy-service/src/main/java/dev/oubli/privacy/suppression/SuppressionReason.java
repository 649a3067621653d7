package dev.oubli.privacy.suppression;

/** Why a subject may no longer be contacted. */
public enum SuppressionReason {
    /** Through an unsubscribe link. */
    UNSUBSCRIBED,
    /** An objection to processing (GDPR Art. 21), by privacy request or through the tenant. */
    OBJECTED,
    /** The subject's data was erased; only this entry remains, so they are never re-imported and re-contacted. */
    ERASED,
    /** Added by the tenant's staff at the person's request. */
    REQUESTED
}

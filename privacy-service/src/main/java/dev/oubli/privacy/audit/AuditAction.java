package dev.oubli.privacy.audit;

/** What an audit entry records. */
public enum AuditAction {
    REQUEST_RECEIVED,
    STATUS_CHANGED,
    REQUEST_PUBLISHED,
    RECEIPT_RECORDED,
    TASK_TIMED_OUT,
    DEADLINE_EXTENDED,
    IDENTITY_CODE_SENT,
    IDENTITY_VERIFIED,
    CERTIFICATE_ISSUED,
    EXPORT_ASSEMBLED,
    EXPORT_DOWNLOADED,
    EXPORT_DESTROYED,
    /** An export's missing chunks never came, despite the re-requests (docs/adr/0050). */
    EXPORT_FAILED,
    RESOLUTION_REQUESTED,
    SUBJECT_RESOLVED,
    /** An officer retried an owner's failed task (docs/adr/0041). */
    TASK_RETRIED,
    /** The consent ledger followed a corrected email or phone (docs/adr/0047): counts only. */
    LEDGER_RECTIFIED,
    /**
     * An erasure newer than the restored data, applied again from the ledger of erasures at start-up (docs/adr/0058):
     * the request id and counts only; the request itself may be gone with the restore.
     */
    ERASURE_REAPPLIED,
    /** An unsubscribe link was used (docs/adr/0047): the token's purpose or everything, no address. */
    UNSUBSCRIBED,
    /** A privacy officer set the tenant's calling hours, or went back to the platform default (docs/adr/0046). */
    CALLING_HOURS_CHANGED,
    /** An officer changed the tenant's retention limits (docs/adr/0057): categories and days, the version pushed. */
    RETENTION_POLICY_CHANGED,
    /** A legal hold was placed on a subject (blind indexes, contact id) or a request (docs/adr/0057), with its reason. */
    LEGAL_HOLD_PLACED,
    /** A legal hold was lifted, with its reason (docs/adr/0057). */
    LEGAL_HOLD_LIFTED,
    /**
     * privacy-service's retention purge removed records (docs/adr/0057, 0061): the count per category and, when audit
     * entries were removed, the checkpoint left ({@code checkpointSeq}, {@code checkpointHash}).
     */
    RETENTION_PURGED
}

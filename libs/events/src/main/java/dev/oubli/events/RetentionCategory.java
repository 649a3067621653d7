package dev.oubli.events;

/**
 * What a retention policy limits (docs/adr/0057), and which service purges it. privacy-service owns the policies and
 * pushes them with {@link RetentionPolicySet}; each owner purges its own categories and reports {@link RetentionPurgeRan}.
 */
public enum RetentionCategory {
    /** Contacts with no change, consent, import or check for the period. */
    CONTACTS_WITHOUT_ACTIVITY("contacts-service"),
    /** Import jobs' reports (issues) and their uploaded files, once the job ended. */
    IMPORT_REPORTS("contacts-service"),
    CONVERSATIONS("knowledge-service"),
    NOTES("knowledge-service"),
    DOCUMENTS("knowledge-service"),
    /** The evidence of pre-contact checks. */
    CHECK_EVIDENCE("privacy-service"),
    /** A subject's consent history for a channel and purpose, once withdrawn for the period. */
    CONSENT_HISTORY_AFTER_WITHDRAWAL("privacy-service"),
    /** Privacy requests settled (completed, failed, rejected, cancelled) for the period. */
    SETTLED_PRIVACY_REQUESTS("privacy-service"),
    /** The audit chain's entries. */
    AUDIT_ENTRIES("privacy-service");

    private final String owner;

    RetentionCategory(String owner) {
        this.owner = owner;
    }

    /** The service that holds and purges this category's data. */
    public String owner() {
        return owner;
    }
}

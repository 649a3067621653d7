package dev.oubli.events;

/**
 * A v1 event payload: one past-tense fact, carrying ids and blind indexes only, never personal data
 * in clear. Sealed so that {@link EventType} knows every contract.
 */
public sealed interface OubliEvent permits PrivacyRequestSubmitted, TaskCompleted, TaskFailed, ConsentChanged, ExportChunk,
        AuditAnchored, ConsentsImported, SubjectResolutionRequested, SubjectResolved,
        ContactErasureRequested, ContactBatchErasureRequested, TenantPurgeRequested, TenantPurged, RetentionPolicySet, RetentionPurgeRan {
}

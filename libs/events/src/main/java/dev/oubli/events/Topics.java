package dev.oubli.events;

import java.util.Comparator;
import java.util.UUID;

/** The v1 topics and their keys (docs/events.md). */
public final class Topics {

    /** {@link PrivacyRequestSubmitted}; key: the request id, so a request's events stay in order. */
    public static final String PRIVACY_REQUESTS = "privacy.requests.v1";
    /** {@link TaskCompleted} and {@link TaskFailed}, key: the request id; {@link TenantPurged}, key: the tenant id. */
    public static final String PRIVACY_TASK_RESULTS = "privacy.task-results.v1";
    /** {@link ConsentChanged}; compacted; key: {@link #consentKey(UUID, ConsentChanged)}. */
    public static final String PRIVACY_CONSENTS = "privacy.consents.v1";
    /** {@link ExportChunk}; key: the request id. */
    public static final String PRIVACY_EXPORTS = "privacy.exports.v1";
    /** {@link AuditAnchored}; compacted; key: {@link #auditAnchorKey(UUID)}. */
    public static final String PRIVACY_AUDIT_ANCHORS = "privacy.audit-anchors.v1";
    /**
     * The ledger of erasures: each ERASURE {@link PrivacyRequestSubmitted} as published to the owners; compacted, never
     * deleted by time; key: the request id. Read from its beginning by each owner at start-up (docs/adr/0052).
     */
    public static final String PRIVACY_ERASURE_LEDGER = "privacy.erasure-ledger.v1";

    /** {@link TenantPurgeRequested}; key: {@link #tenantKey(UUID)} (docs/adr/0051). */
    public static final String PRIVACY_TENANT_PURGES = "privacy.tenant-purges.v1";

    /**
     * {@link RetentionPolicySet}; compacted; key: {@link #tenantKey(UUID)}: each tenant's newest policy, read by every owner
     * (docs/adr/0057). The owners' {@link RetentionPurgeRan} go to {@link #PRIVACY_TASK_RESULTS}, key the tenant id.
     */
    public static final String PRIVACY_RETENTION_POLICIES = "privacy.retention-policies.v1";

    /** {@link ConsentsImported}; key: the import id, so an import's batches stay in order. */
    public static final String CONTACTS_CONSENT_IMPORTS = "contacts.consent-imports.v1";
    /** {@link ContactErasureRequested}; key: the contact id. */
    public static final String CONTACTS_ERASURE_REQUESTS = "contacts.erasure-requests.v1";

    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** Where a consumer parks what it could not process after its bounded retries: {@code <topic>.dlq}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** The key of a request's events on {@link #PRIVACY_REQUESTS}, {@link #PRIVACY_TASK_RESULTS} and {@link #PRIVACY_EXPORTS}. */
    public static String requestKey(UUID requestId) {
        return requestId.toString();
    }

    /** The key of a tenant's anchors on {@link #PRIVACY_AUDIT_ANCHORS}: the tenant id, so compaction keeps its newest head. */
    public static String auditAnchorKey(UUID tenantId) {
        return tenantId.toString();
    }

    /** The key of a tenant purge's events on {@link #PRIVACY_TENANT_PURGES} and of its answers on {@link #PRIVACY_TASK_RESULTS}. */
    public static String tenantKey(UUID tenantId) {
        return tenantId.toString();
    }

    /**
     * {@code <tenant id>:<subject key>}, where the subject key is the subject's smallest email index (else
     * phone index, else contact id) followed by {@code :<CHANNEL>:<PURPOSE>}. Compaction keeps the last
     * value per key, and a change only replaces the state of its own channel and purpose: keyed by subject
     * alone, a later SERVICE grant would compact away an earlier MARKETING withdrawal.
     */
    public static String consentKey(UUID tenantId, ConsentChanged change) {
        SubjectRef subject = change.subject();
        String anchor = subject.emailIndexes().stream().min(Comparator.naturalOrder())
                .or(() -> subject.phoneIndexes().stream().min(Comparator.naturalOrder()))
                .orElseGet(() -> subject.contactIds().stream().min(Comparator.naturalOrder()).orElseThrow().toString());
        return tenantId + ":" + anchor + ":" + change.channel() + ":" + change.purpose();
    }
}

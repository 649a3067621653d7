package dev.oubli.events;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CloudEvents {@code ce_type} of each contract: {@code dev.oubli.<producer>.<fact>.v1}. The privacy
 * service is the only producer of requests and consent changes; task receipts are typed by the owner that
 * sends them ({@code dev.oubli.contacts.task-completed.v1}), so a consumer reads them by their fact alone.
 */
public enum EventType {
    PRIVACY_REQUEST_SUBMITTED(PrivacyRequestSubmitted.class, "privacy", "request-submitted", "privacy-request-submitted"),
    CONSENT_CHANGED(ConsentChanged.class, "privacy", "consent-changed", "consent-changed"),
    TASK_COMPLETED(TaskCompleted.class, null, "task-completed", "task-completed"),
    TASK_FAILED(TaskFailed.class, null, "task-failed", "task-failed"),
    EXPORT_CHUNK(ExportChunk.class, null, "export-chunk", "export-chunk"),
    AUDIT_ANCHORED(AuditAnchored.class, "privacy", "audit-anchored", "audit-anchored"),
    CONSENTS_IMPORTED(ConsentsImported.class, "contacts", "consents-imported", "consents-imported"),
    SUBJECT_RESOLUTION_REQUESTED(SubjectResolutionRequested.class, "privacy", "subject-resolution-requested", "subject-resolution-requested"),
    SUBJECT_RESOLVED(SubjectResolved.class, null, "subject-resolved", "subject-resolved"),
    CONTACT_ERASURE_REQUESTED(ContactErasureRequested.class, "contacts", "contact-erasure-requested", "contact-erasure-requested"),
    CONTACT_BATCH_ERASURE_REQUESTED(ContactBatchErasureRequested.class, "contacts", "contact-batch-erasure-requested",
            "contact-batch-erasure-requested"),
    TENANT_PURGE_REQUESTED(TenantPurgeRequested.class, "privacy", "tenant-purge-requested", "tenant-purge-requested"),
    TENANT_PURGED(TenantPurged.class, null, "tenant-purged", "tenant-purged"),
    RETENTION_POLICY_SET(RetentionPolicySet.class, "privacy", "retention-policy-set", "retention-policy-set"),
    RETENTION_PURGE_RAN(RetentionPurgeRan.class, null, "retention-purge-ran", "retention-purge-ran");

    public static final String PREFIX = "dev.oubli.";
    public static final String VERSION = "v1";

    private static final Pattern PRODUCER = Pattern.compile("^[a-z][a-z0-9-]*$");
    private static final Pattern CE_TYPE = Pattern.compile("^dev\\.oubli\\.([a-z][a-z0-9-]*)\\.([a-z][a-z0-9-]*)\\.(v[0-9]+)$");

    private final Class<? extends OubliEvent> recordClass;
    private final String fixedProducer;
    private final String fact;
    private final String resourceName;

    EventType(Class<? extends OubliEvent> recordClass, String fixedProducer, String fact, String resourceName) {
        this.recordClass = recordClass;
        this.fixedProducer = fixedProducer;
        this.fact = fact;
        this.resourceName = resourceName;
    }

    /** The record a payload of this type is read into. */
    public Class<? extends OubliEvent> recordClass() {
        return recordClass;
    }

    /** The classpath resource of this contract's JSON Schema (draft 2020-12), for consumers' contract tests. */
    public String schemaResource() {
        return "dev/oubli/events/" + VERSION + "/" + resourceName + ".schema.json";
    }

    /** The classpath resource of a sample payload that validates against {@link #schemaResource()}. */
    public String sampleResource() {
        return "dev/oubli/events/" + VERSION + "/" + resourceName + ".sample.json";
    }

    /** The fact and version, for example {@code task-completed.v1}: what a ce_type ends with. */
    public String suffix() {
        return fact + "." + VERSION;
    }

    /** The ce_type of an event with a single producer, for example {@code dev.oubli.privacy.request-submitted.v1}. */
    public String ceType() {
        if (fixedProducer == null) {
            throw new IllegalStateException(this + " is typed by its producer: use ceType(producer)");
        }
        return ceType(fixedProducer);
    }

    /**
     * The ce_type as published by {@code producer}, the producer's short name ({@code contacts} for
     * {@code contacts-service}).
     */
    public String ceType(String producer) {
        Objects.requireNonNull(producer, "producer");
        if (!PRODUCER.matcher(producer).matches()) {
            throw new IllegalArgumentException("a producer is a short lower-case name such as contacts");
        }
        if (fixedProducer != null && !fixedProducer.equals(producer)) {
            throw new IllegalArgumentException(this + " is only produced by " + fixedProducer);
        }
        return PREFIX + producer + "." + suffix();
    }

    public static EventType of(Class<? extends OubliEvent> recordClass) {
        return Arrays.stream(values())
                .filter(type -> type.recordClass.equals(recordClass))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event contract: " + recordClass.getName()));
    }

    public static EventType of(OubliEvent event) {
        return of(event.getClass());
    }

    /**
     * The contract a received ce_type names; empty for a type this version of the library does not know
     * (another fact, another version, or a request type from another producer than the privacy service).
     */
    public static Optional<EventType> fromCeType(String ceType) {
        if (ceType == null) {
            return Optional.empty();
        }
        Matcher parts = CE_TYPE.matcher(ceType);
        if (!parts.matches() || !VERSION.equals(parts.group(3))) {
            return Optional.empty();
        }
        String producer = parts.group(1);
        String fact = parts.group(2);
        return Arrays.stream(values())
                .filter(type -> type.fact.equals(fact))
                .filter(type -> type.fixedProducer == null || type.fixedProducer.equals(producer))
                .findFirst();
    }
}

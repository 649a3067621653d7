package dev.oubli.privacy.privacyrequest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.RetentionPurgeRan;
import dev.oubli.events.SubjectResolved;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.TenantPurged;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.IncomingEvent;
import dev.oubli.privacy.retention.RetentionRuns;
import dev.oubli.privacy.tenant.TenantPurge;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Records the data owners' receipts from {@code privacy.task-results.v1}: at least once, applied once
 * (inbox); a transient failure (database or broker unavailable) is retried for as long as it lasts, only a receipt that
 * can never be recorded goes to the dead-letter topic ({@link EventHandling}) and, when its request and owner can be
 * read, fails that task ({@code RECEIPT_DEAD_LETTERED}, docs/adr/0044).
 */
@ApplicationScoped
class TaskReceiptListener {

    private static final Logger LOG = Logger.getLogger(TaskReceiptListener.class);
    private static final Pattern OWNER = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final PrivacyRequestService requests;
    private final TenantPurge tenantPurge;
    private final RetentionRuns retentionRuns;
    private final EventHandling handling;

    TaskReceiptListener(PrivacyRequestService requests, TenantPurge tenantPurge, RetentionRuns retentionRuns, EventHandling handling) {
        this.requests = requests;
        this.tenantPurge = tenantPurge;
        this.retentionRuns = retentionRuns;
        this.handling = handling;
    }

    @Incoming("task-results")
    Uni<Void> recordReceipt(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, this::apply, this::deadLettered);
    }

    /** A completion or failure receipt that can never be recorded: read leniently, its task fails instead of waiting. */
    private Uni<Void> deadLettered(IncomingEvent event) {
        Optional<EventType> contract = event.contract();
        if (!contract.equals(Optional.of(EventType.TASK_COMPLETED)) && !contract.equals(Optional.of(EventType.TASK_FAILED))) {
            return Uni.createFrom().voidItem();
        }
        UUID requestId;
        String owner;
        try {
            JsonNode receipt = EventJson.newObjectMapper().readTree(event.payload());
            requestId = UUID.fromString(receipt.path("requestId").asText());
            owner = receipt.path("owner").asText();
        } catch (IOException | IllegalArgumentException unreadable) {
            return Uni.createFrom().voidItem();
        }
        if (!OWNER.matcher(owner).matches()) {
            return Uni.createFrom().voidItem();
        }
        LOG.warnf("Receipt %s of %s for request %s dead-lettered: its task fails", event.id(), owner, requestId);
        return requests.recordDeadLetteredReceipt(event.tenant(), event.id(), requestId, owner);
    }

    private Uni<Void> apply(IncomingEvent event) {
        Optional<EventType> contract = event.contract();
        if (contract.equals(Optional.of(EventType.TASK_COMPLETED))) {
            return requests.recordCompletion(event.tenant(), event.id(), event.read(TaskCompleted.class));
        }
        if (contract.equals(Optional.of(EventType.TASK_FAILED))) {
            return requests.recordFailure(event.tenant(), event.id(), event.read(TaskFailed.class));
        }
        if (contract.equals(Optional.of(EventType.SUBJECT_RESOLVED))) {
            return requests.recordResolution(event.tenant(), event.id(), event.read(SubjectResolved.class));
        }
        if (contract.equals(Optional.of(EventType.RETENTION_PURGE_RAN))) { // an owner's retention purge run (docs/adr/0057)
            return retentionRuns.record(event.tenant(), event.id(), event.read(RetentionPurgeRan.class));
        }
        if (contract.equals(Optional.of(EventType.TENANT_PURGED))) { // an owner's answer to a tenant purge (docs/adr/0051)
            return tenantPurge.recordAnswer(event.tenant(), event.read(TenantPurged.class));
        }
        // Another fact or a newer version: not for this consumer.
        LOG.debugf("Skipped %s: not a task receipt", event);
        return Uni.createFrom().voidItem();
    }
}

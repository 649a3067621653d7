package dev.oubli.knowledge.retention;

import dev.oubli.events.RetentionPolicySet;
import dev.oubli.outbox.RetentionPolicyCopy;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.stream.Stream;

/**
 * The tenant's retention policy as privacy-service pushes it (docs/adr/0057): the AI Brain's limits become the policy's
 * days for conversations, notes and documents, and its legal holds the identifiers whose items no purge removes.
 */
@ApplicationScoped
class RetentionPolicyListener {

    private static final List<String> CATEGORIES = Stream.of(RetentionCategory.values()).map(RetentionCategory::name).toList();

    private final RetentionPolicyCopy copy;

    RetentionPolicyListener(RetentionPolicyCopy copy) {
        this.copy = copy;
    }

    @Incoming("retention-policies")
    Uni<Void> onPolicy(ConsumerRecord<String, byte[]> record) {
        return copy.handle(record, CATEGORIES);
    }

    /** @return whether the policy was applied (false: a version not newer than the one applied) */
    Uni<Boolean> apply(TenantId tenant, RetentionPolicySet policy) {
        return copy.apply(tenant, policy, CATEGORIES);
    }
}

package dev.oubli.contacts.retention;

import dev.oubli.events.RetentionCategory;
import dev.oubli.events.RetentionPolicySet;
import dev.oubli.outbox.RetentionPolicyCopy;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/** The tenant's retention policy as privacy-service pushes it (docs/adr/0057), kept for contacts-service's categories. */
@ApplicationScoped
class RetentionPolicyListener {

    private static final List<String> CATEGORIES = ContactRetentionPurge.CATEGORIES.stream().map(RetentionCategory::name).toList();

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

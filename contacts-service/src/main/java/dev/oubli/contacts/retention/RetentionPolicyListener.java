package dev.oubli.contacts.retention;

import dev.oubli.events.EventType;
import dev.oubli.events.RetentionCategory;
import dev.oubli.events.RetentionPolicySet;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.IncomingEvent;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's retention policy as privacy-service pushes it (docs/adr/0057): the days of contacts-service's categories
 * and the identifiers under a legal hold. A version not newer than the one applied changes nothing.
 */
@ApplicationScoped
class RetentionPolicyListener {

    private final TenantTransactions transactions;
    private final EventHandling handling;

    RetentionPolicyListener(TenantTransactions transactions, EventHandling handling) {
        this.transactions = transactions;
        this.handling = handling;
    }

    @Incoming("retention-policies")
    Uni<Void> onPolicy(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, this::apply);
    }

    private Uni<Void> apply(IncomingEvent event) {
        if (event.contract().filter(EventType.RETENTION_POLICY_SET::equals).isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return apply(event.tenant(), event.read(RetentionPolicySet.class)).replaceWithVoid();
    }

    /** @return whether the policy was applied (false: a version not newer than the one applied) */
    Uni<Boolean> apply(TenantId tenant, RetentionPolicySet policy) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into retention_policy_applied (tenant_id, version) values (:tenant, :version)
                                on conflict (tenant_id) do update set version = excluded.version, applied_at = clock_timestamp()
                                where retention_policy_applied.version < excluded.version""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("version", policy.version())
                        .executeUpdate())
                .chain(updated -> updated == 0 ? Uni.createFrom().item(false) : replace(tenant, policy).replaceWith(true)));
    }

    private Uni<Void> replace(TenantId tenant, RetentionPolicySet policy) {
        Uni<Void> chain = statement("delete from retention_limit where tenant_id = :tenant", tenant, null, null)
                .chain(() -> statement("delete from retention_hold where tenant_id = :tenant", tenant, null, null));
        for (RetentionCategory category : ContactRetentionPurge.CATEGORIES) {
            Integer days = policy.days().get(category.name());
            if (days != null) {
                chain = chain.chain(() -> statement("insert into retention_limit (tenant_id, category, days) values (:tenant, :key, :days)",
                        tenant, category.name(), days));
            }
        }
        List<String> held = new ArrayList<>(policy.heldEmailIndexes());
        held.addAll(policy.heldPhoneIndexes());
        policy.heldContactIds().forEach(id -> held.add(id.toString()));
        for (String identifier : held.stream().distinct().toList()) {
            chain = chain.chain(() -> statement("insert into retention_hold (tenant_id, identifier) values (:tenant, :key)",
                    tenant, identifier, null));
        }
        return chain;
    }

    private static Uni<Void> statement(String sql, TenantId tenant, String key, Integer days) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql).setParameter("tenant", tenant.value());
            if (key != null) {
                query.setParameter("key", key);
            }
            if (days != null) {
                query.setParameter("days", days);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}

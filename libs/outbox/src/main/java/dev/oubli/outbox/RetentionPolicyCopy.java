package dev.oubli.outbox;

import dev.oubli.events.EventType;
import dev.oubli.events.RetentionPolicySet;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * A data owner's copy of the tenant's retention policy as privacy-service pushes it on
 * {@code privacy.retention-policies.v1} (docs/adr/0057), shared by every owner: the days of the owner's categories in
 * {@code retention_limit} and the held identifiers (contact ids, blind indexes) in {@code retention_hold}, both
 * replaced whole. A version not newer than the one applied ({@code retention_policy_applied}) changes nothing: a late
 * or redelivered record. Each owner has the three tables and a thin {@code @Incoming} class naming its categories.
 */
@ApplicationScoped
public class RetentionPolicyCopy {

    private final TenantTransactions transactions;
    private final EventHandling handling;

    RetentionPolicyCopy(TenantTransactions transactions, EventHandling handling) {
        this.transactions = transactions;
        this.handling = handling;
    }

    /** Applies a record of the topic (another event type is ignored). */
    public Uni<Void> handle(ConsumerRecord<String, byte[]> record, Collection<String> categories) {
        return handling.apply(record, event -> event.contract().filter(EventType.RETENTION_POLICY_SET::equals).isEmpty()
                ? Uni.createFrom().voidItem()
                : apply(event.tenant(), event.read(RetentionPolicySet.class), categories).replaceWithVoid());
    }

    /**
     * @param categories the names of the owner's categories: the policy's days of the others are not kept
     * @return whether the policy was applied (false: a version not newer than the one applied)
     */
    public Uni<Boolean> apply(TenantId tenant, RetentionPolicySet policy, Collection<String> categories) {
        List<String> names = new ArrayList<>();
        List<Integer> days = new ArrayList<>();
        for (String category : categories) {
            Integer limit = policy.days().get(category);
            if (limit != null) {
                names.add(category);
                days.add(limit);
            }
        }
        String[] held = Stream.of(policy.heldEmailIndexes().stream(), policy.heldPhoneIndexes().stream(),
                policy.heldContactIds().stream().map(Object::toString)).flatMap(s -> s).distinct().toArray(String[]::new);
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into retention_policy_applied (tenant_id, version) values (:tenant, :version)
                                on conflict (tenant_id) do update set version = excluded.version, applied_at = clock_timestamp()
                                where retention_policy_applied.version < excluded.version""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("version", policy.version())
                        .executeUpdate())
                .chain(updated -> updated == 0 ? Uni.createFrom().item(false) : Panache.getSession()
                        .chain(session -> session.createNativeQuery("""
                                        with limits as (delete from retention_limit where tenant_id = :tenant)
                                        delete from retention_hold where tenant_id = :tenant""")
                                .setParameter("tenant", tenant.value())
                                .executeUpdate())
                        // Another statement: an insert beside the delete of the same key in one statement may run first.
                        .chain(deleted -> Panache.getSession()).chain(session -> session.createNativeQuery("""
                                        with limits as (insert into retention_limit (tenant_id, category, days)
                                            select :tenant, l.category, l.days
                                            from unnest(cast(:categories as varchar[]), cast(:days as int[])) as l (category, days))
                                        insert into retention_hold (tenant_id, identifier)
                                        select :tenant, h.identifier from unnest(cast(:held as varchar[])) as h (identifier)""")
                                .setParameter("tenant", tenant.value())
                                .setParameter("categories", names.toArray(String[]::new))
                                .setParameter("days", days.toArray(Integer[]::new))
                                .setParameter("held", held)
                                .executeUpdate())
                        .replaceWith(true)));
    }
}

package dev.oubli.privacy.retention;

import dev.oubli.events.EventType;
import dev.oubli.events.RetentionCategory;
import dev.oubli.events.RetentionPolicySet;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Each tenant's retention policy (docs/adr/0057): its own limits over the platform's defaults, changed by its officer
 * (audited), and pushed to the owners as a {@link RetentionPolicySet} through the outbox, in the transaction of the
 * change, with the legal holds in force. The one source of truth: the owners only apply what they receive.
 */
@ApplicationScoped
public class RetentionPolicies {

    static final String PRODUCER = "privacy";

    private final TenantTransactions transactions;
    private final AuditService audit;
    private final Outbox outbox;

    RetentionPolicies(TenantTransactions transactions, AuditService audit, Outbox outbox) {
        this.transactions = transactions;
        this.audit = audit;
        this.outbox = outbox;
    }

    public Uni<RetentionPolicyResponse> policy(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> read(tenant));
    }

    /** @throws ProblemException (400) naming the field for an unknown category or a limit outside its range */
    public Uni<RetentionPolicyResponse> change(TenantId tenant, RetentionPolicyRequest body) {
        Map<RetentionCategory, Integer> changes = validated(body);
        return audit.inTransaction(tenant, () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<RetentionCategory, Integer> change : changes.entrySet()) {
                chain = chain.chain(() -> Panache.getSession().chain(session -> (change.getValue() == null
                        ? session.createNativeQuery("delete from retention_policy where tenant_id = :tenant and category = :category")
                        : session.createNativeQuery("""
                                insert into retention_policy (tenant_id, category, days) values (:tenant, :category, :days)
                                on conflict (tenant_id, category) do update set days = excluded.days, updated_at = clock_timestamp()""")
                                .setParameter("days", change.getValue()))
                        .setParameter("tenant", tenant.value())
                        .setParameter("category", change.getKey().name())
                        .executeUpdate()).replaceWithVoid());
            }
            return chain.chain(() -> publish(tenant))
                    .call(version -> {
                        Map<String, Object> details = new TreeMap<>();
                        changes.forEach((category, days) -> details.put(category.name(), days == null ? "DEFAULT" : days));
                        details.put("version", version);
                        return audit.record(tenant, AuditAction.RETENTION_POLICY_CHANGED, null, details);
                    })
                    .chain(() -> read(tenant));
        });
    }

    /**
     * Writes the tenant's whole policy, the next version, to the outbox, in the caller's tenant transaction.
     *
     * @return the version written
     */
    Uni<Integer> publish(TenantId tenant) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into retention_policy_version (tenant_id, version) values (:tenant, 1)
                                on conflict (tenant_id) do update set version = retention_policy_version.version + 1,
                                    published_at = clock_timestamp()
                                returning version""", Integer.class)
                        .setParameter("tenant", tenant.value())
                        .getSingleResult())
                .chain(version -> limits(tenant).chain(limits -> holds(tenant).chain(holds -> {
                    Map<String, Integer> days = new TreeMap<>();
                    limits.forEach((category, limit) -> days.put(category.name(), limit.days()));
                    RetentionPolicySet event = new RetentionPolicySet(version, days, holds.contactIds(), holds.emailIndexes(),
                            holds.phoneIndexes(), holds.requestIds(), Instant.now());
                    return outbox.append(tenant, Topics.PRIVACY_RETENTION_POLICIES, Topics.tenantKey(tenant.value()),
                            EventType.RETENTION_POLICY_SET.ceType(PRODUCER), event).replaceWith(version);
                })));
    }

    /** The effective limit of every category, in the caller's tenant transaction. */
    Uni<Map<RetentionCategory, RetentionPolicyResponse.Limit>> limits(TenantId tenant) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "select category, days from retention_policy where tenant_id = :tenant", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .map(rows -> {
                    Map<String, Integer> own = new TreeMap<>();
                    for (Object[] row : rows) {
                        own.put((String) row[0], ((Number) row[1]).intValue());
                    }
                    Map<RetentionCategory, RetentionPolicyResponse.Limit> limits = new EnumMap<>(RetentionCategory.class);
                    for (RetentionCategory category : RetentionCategory.values()) {
                        RetentionRules.Rule rule = RetentionRules.of(category);
                        Integer days = own.get(category.name());
                        limits.put(category, new RetentionPolicyResponse.Limit(category, category.owner(),
                                days == null ? rule.defaultDays() : days, days == null ? "DEFAULT" : "TENANT",
                                rule.defaultDays(), rule.minimumDays(), rule.maximumDays()));
                    }
                    return limits;
                });
    }

    /** The subjects and requests under a legal hold now, in the caller's tenant transaction. */
    Uni<Holds> holds(TenantId tenant) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                select email_index, phone_index, contact_id::text, request_id::text from legal_hold
                                where tenant_id = :tenant and lifted_at is null order by placed_at, id""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .map(rows -> {
                    Holds holds = new Holds(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    for (Object[] row : rows) {
                        addOnce(holds.emailIndexes(), (String) row[0]);
                        addOnce(holds.phoneIndexes(), (String) row[1]);
                        addOnce(holds.contactIds(), row[2] == null ? null : UUID.fromString((String) row[2]));
                        addOnce(holds.requestIds(), row[3] == null ? null : UUID.fromString((String) row[3]));
                    }
                    return holds;
                });
    }

    /** What a legal hold keeps from every purge. */
    record Holds(List<String> emailIndexes, List<String> phoneIndexes, List<UUID> contactIds, List<UUID> requestIds) {
    }

    private static <T> void addOnce(List<T> list, T value) {
        if (value != null && !list.contains(value)) {
            list.add(value);
        }
    }

    private Uni<RetentionPolicyResponse> read(TenantId tenant) {
        return limits(tenant).chain(limits -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "select version from retention_policy_version where tenant_id = :tenant", Integer.class)
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .map(versions -> new RetentionPolicyResponse(versions.isEmpty() ? 0 : versions.get(0), List.copyOf(limits.values()))));
    }

    private static Map<RetentionCategory, Integer> validated(RetentionPolicyRequest body) {
        if (body == null || body.days() == null || body.days().isEmpty()) {
            throw ProblemException.invalidRequest("days is required: a limit in days per category, or null for the default.");
        }
        Map<RetentionCategory, Integer> changes = new EnumMap<>(RetentionCategory.class);
        for (Map.Entry<String, Object> entry : body.days().entrySet()) {
            RetentionCategory category = category(entry.getKey());
            String field = "days." + category.name();
            Object value = entry.getValue();
            if (value == null) {
                changes.put(category, null);
                continue;
            }
            if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
                throw ProblemException.invalidRequest(field + " must be a whole number of days, or null for the default.");
            }
            RetentionRules.Rule rule = RetentionRules.of(category);
            long days = ((Number) value).longValue();
            if (value instanceof java.math.BigInteger || days < rule.minimumDays() || days > rule.maximumDays()) {
                throw ProblemException.invalidRequest(field + " must be between " + rule.minimumDays() + " and " + rule.maximumDays()
                        + " days" + (rule.minimumDays() > 1 ? " (a legal minimum: the record is proof, docs/adr/0057)." : "."));
            }
            changes.put(category, (int) days);
        }
        return changes;
    }

    private static RetentionCategory category(String name) {
        for (RetentionCategory category : RetentionCategory.values()) {
            if (category.name().equals(name)) {
                return category;
            }
        }
        // The name is the caller's text: not echoed.
        throw ProblemException.invalidRequest("days names an unknown category; the categories are "
                + java.util.Arrays.toString(RetentionCategory.values()) + ".");
    }
}

package dev.oubli.knowledge.guard;

import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tenant's guard policy (stored per kind, platform default for a kind without a row) and the guard applied with it. */
@ApplicationScoped
public class GuardPolicyService {

    private final TenantTransactions transactions;
    private final SensitiveDataGuard guard;
    private final Vertx vertx;

    GuardPolicyService(TenantTransactions transactions, SensitiveDataGuard guard, Vertx vertx) {
        this.transactions = transactions;
        this.guard = guard;
        this.vertx = vertx;
    }

    public Uni<GuardPolicyResponse> policy(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> policyOf(tenant)).map(GuardPolicyResponse::of);
    }

    /** Sets the action of each kind the request names; kinds it leaves out keep theirs. */
    public Uni<GuardPolicyResponse> changePolicy(TenantId tenant, GuardPolicyRequest request) {
        if (request == null || request.actions() == null || request.actions().isEmpty()) {
            throw ProblemException.invalidRequest("actions must map at least one kind to BLOCK, REDACT or WARN.");
        }
        request.actions().forEach((kind, action) -> {
            if (kind == null || action == null) {
                throw ProblemException.invalidRequest("actions must map each kind to BLOCK, REDACT or WARN.");
            }
        });
        return transactions.inTransaction(tenant, () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<SensitiveDataKind, GuardAction> entry : request.actions().entrySet()) {
                chain = chain.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into guard_policy (tenant_id, kind, action) values (:tenant, :kind, :action)
                                on conflict (tenant_id, kind) do update set action = excluded.action""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("kind", entry.getKey().name())
                        .setParameter("action", entry.getValue().name())
                        .executeUpdate()).replaceWithVoid());
            }
            return chain.chain(() -> policyOf(tenant));
        }).map(GuardPolicyResponse::of);
    }

    /**
     * Inspects every text of one write with the tenant's policy, in the caller's transaction (scoped to {@code tenant}).
     * The scan of up to a few megabytes of text runs on a worker thread, unordered; the result comes back on the
     * caller's context, where its transaction goes on.
     *
     * @param texts field name to text, in the order findings should be reported; null texts are skipped
     * @throws SensitiveDataBlockedException (a failed Uni) when any finding's action is BLOCK
     */
    public Uni<GuardedTexts> inspect(TenantId tenant, LinkedHashMap<String, String> texts) {
        return policyOf(tenant).chain(policy -> vertx.executeBlocking(Uni.createFrom().item(() -> inspect(texts, policy)), false));
    }

    private GuardedTexts inspect(LinkedHashMap<String, String> texts, GuardPolicy policy) {
        Map<String, String> stored = new LinkedHashMap<>();
        List<GuardReport> reports = new ArrayList<>();
        boolean blocked = false;
        for (Map.Entry<String, String> field : texts.entrySet()) {
            if (field.getValue() == null) {
                continue;
            }
            GuardResult result = guard.inspect(field.getValue(), policy);
            result.findings().forEach(finding -> reports.add(GuardReport.of(field.getKey(), finding)));
            blocked |= result.isBlocked();
            result.textToStore().ifPresent(text -> stored.put(field.getKey(), text));
        }
        if (blocked) {
            throw new SensitiveDataBlockedException(reports);
        }
        return new GuardedTexts(stored, reports);
    }

    @SuppressWarnings("unchecked")
    Uni<GuardPolicy> policyOf(TenantId tenant) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select kind, action from guard_policy where tenant_id = :tenant")
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .map(rows -> {
                    Map<SensitiveDataKind, GuardAction> actions = new EnumMap<>(GuardPolicy.defaults().actions());
                    for (Object row : rows) {
                        Object[] columns = (Object[]) row;
                        actions.put(SensitiveDataKind.valueOf((String) columns[0]), GuardAction.valueOf((String) columns[1]));
                    }
                    return new GuardPolicy(actions);
                });
    }
}

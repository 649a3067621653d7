package dev.oubli.contacts.consent;

import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@ApplicationScoped
class SuppressionRepository {

    /** Sets the state of one blind index, unless the mirror already holds a newer change. */
    Uni<Integer> record(TenantId tenant, String blindIndex, boolean suppressed, OffsetDateTime changedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into suppression (tenant_id, blind_index, suppressed, changed_at)
                        values (:tenant, :index, :suppressed, :changedAt)
                        on conflict (tenant_id, blind_index) do update
                        set suppressed = excluded.suppressed, changed_at = excluded.changed_at
                        where suppression.changed_at < excluded.changed_at""")
                .setParameter("tenant", tenant.value())
                .setParameter("index", blindIndex)
                .setParameter("suppressed", suppressed)
                .setParameter("changedAt", changedAt)
                .executeUpdate());
    }

    @SuppressWarnings("unchecked")
    Uni<Set<String>> suppressedAmong(TenantId tenant, Collection<String> blindIndexes) {
        if (blindIndexes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select blind_index from suppression
                        where tenant_id = :tenant and suppressed and blind_index in (:indexes)""")
                .setParameter("tenant", tenant.value())
                .setParameter("indexes", blindIndexes)
                .getResultList())
                .map(rows -> new HashSet<>((List<String>) (List<?>) rows));
    }
}

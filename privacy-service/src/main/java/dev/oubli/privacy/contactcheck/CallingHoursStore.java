package dev.oubli.privacy.contactcheck;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.oubli.privacy.ConsentConfig;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tenants' own calling hours (table {@code calling_hours}, docs/adr/0046) and the time zone of their registry entry,
 * read once per tenant into a bounded cache (size and age) that the pre-contact check reads without a statement. A
 * change made through this instance replaces its cached entry at once; another replica sees it when its entry ages out.
 */
@ApplicationScoped
class CallingHoursStore {

    /**
     * What is stored for a tenant: its own hours (null: none), their version and time, and its registry time zone
     * (null: not registered).
     */
    record Stored(CallingHoursSettings own, Integer version, Instant updatedAt, String registryZone) {
    }

    private final TenantTransactions transactions;
    private final AuditService audit;
    private final AsyncCache<UUID, Stored> cache;

    CallingHoursStore(TenantTransactions transactions, AuditService audit, ConsentConfig config) {
        this.transactions = transactions;
        this.audit = audit;
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.callingHours().cacheSize())
                .expireAfterWrite(config.callingHours().cacheTtl())
                .buildAsync();
    }

    Uni<Stored> find(TenantId tenant) {
        return Uni.createFrom().completionStage(() -> cache.get(tenant.value(), (id, executor) -> transactions.statement(tenant, """
                                select c.days::text as days, c.holidays, c.version, c.updated_at, t.time_zone
                                from (select $1::uuid as id) k
                                left join calling_hours c on c.tenant_id = k.id
                                left join tenant t on t.tenant_id = k.id""", Tuple.of(id))
                .map(rows -> stored(rows.iterator().next()))
                .subscribeAsCompletionStage()));
    }

    /** Stores the tenant's own hours (version + 1), audited {@code CALLING_HOURS_CHANGED}. */
    Uni<Void> put(TenantId tenant, CallingHoursSettings settings) {
        String days = new JsonObject(new LinkedHashMap<>(settings.written())).encode();
        return audit.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into calling_hours (tenant_id, days, holidays) values (:tenant, cast(cast(:days as text) as jsonb), :holidays)
                                on conflict (tenant_id) do update set days = excluded.days, holidays = excluded.holidays,
                                    version = calling_hours.version + 1, updated_at = clock_timestamp()
                                returning version""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("days", days)
                        .setParameter("holidays", settings.holidays())
                        .getSingleResult())
                .chain(version -> audit.record(tenant, AuditAction.CALLING_HOURS_CHANGED, null, Map.of(
                        "source", "TENANT", "version", ((Number) version).intValue(), "holidays", settings.holidays(),
                        "windows", compact(settings)))))
                .replaceWithVoid()
                .invoke(() -> cache.synchronous().invalidate(tenant.value()));
    }

    /** Deletes the tenant's own hours, if any: it follows the platform default again. @return whether there were any */
    Uni<Boolean> delete(TenantId tenant) {
        return audit.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "delete from calling_hours where tenant_id = :tenant")
                        .setParameter("tenant", tenant.value())
                        .executeUpdate())
                .chain(deleted -> deleted == 0 ? Uni.createFrom().item(false)
                        : audit.record(tenant, AuditAction.CALLING_HOURS_CHANGED, null, Map.of("source", "DEFAULT")).replaceWith(true)))
                .invoke(() -> cache.synchronous().invalidate(tenant.value()));
    }

    /** {@code MONDAY=09:00-12:00 14:00-18:00;…}: codes and times, no personal data. */
    private static String compact(CallingHoursSettings settings) {
        StringBuilder text = new StringBuilder();
        settings.written().forEach((day, windows) -> {
            if (!windows.isEmpty()) {
                text.append(text.isEmpty() ? "" : ";").append(day).append('=').append(String.join(" ", windows));
            }
        });
        return text.toString();
    }

    private static Stored stored(Row row) {
        String zone = row.getString("time_zone");
        String days = row.getString("days");
        if (days == null) {
            return new Stored(null, null, null, zone);
        }
        Map<String, List<String>> byDay = new LinkedHashMap<>();
        new JsonObject(days).forEach(entry -> byDay.put(entry.getKey(),
                ((JsonArray) entry.getValue()).stream().map(String::valueOf).toList()));
        OffsetDateTime updatedAt = row.getOffsetDateTime("updated_at");
        return new Stored(CallingHoursSettings.parse(byDay, row.getString("holidays")), row.getInteger("version"),
                updatedAt.toInstant(), zone);
    }
}

package dev.oubli.privacy.tenant;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The tenants this service serves (docs/adr/0020): a minimal registry, so that public paths answer for ACTIVE
 * tenants only. Lookups are cached in a bounded map (size and age), unknown ids included.
 */
@ApplicationScoped
public class TenantRegistry {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](-?[a-z0-9])*$");
    private static final int MAX_SLUG = 63;
    private static final int MAX_DISPLAY_NAME = 200;

    private final TenantTransactions transactions;
    private final AsyncCache<UUID, Boolean> active;

    TenantRegistry(TenantTransactions transactions, PrivacyConfig config) {
        this.transactions = transactions;
        this.active = Caffeine.newBuilder()
                .maximumSize(config.publicAccess().tenantCacheSize())
                .expireAfterWrite(config.publicAccess().tenantCacheTtl())
                .buildAsync();
    }

    /** Whether the tenant exists and is ACTIVE; the row is visible in its own tenant's context only. */
    public Uni<Boolean> isActive(UUID tenant) {
        return Uni.createFrom().completionStage(() -> active.get(tenant, (id, executor) ->
                transactions.statement(new TenantId(id), "select status from tenant where tenant_id = $1", Tuple.of(id))
                        .map(rows -> rows.iterator().hasNext() && TenantStatus.ACTIVE.name().equals(rows.iterator().next().getString(0)))
                        .subscribeAsCompletionStage()));
    }

    /** 404 problem unless the tenant is ACTIVE: the same answer for an unknown, suspended or purged tenant. */
    public Uni<Void> requireActive(UUID tenant) {
        return isActive(tenant).chain(yes -> yes ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.notFound("Nothing is found at this address.")));
    }

    /**
     * Registers the tenant or changes its slug, name or status.
     *
     * @throws ProblemException 400 for an invalid body, 409 for a slug another tenant has
     */
    public Uni<TenantResponse> put(UUID tenant, RegisterTenant body) {
        if (body == null || body.slug() == null || body.slug().length() > MAX_SLUG || !SLUG.matcher(body.slug()).matches()) {
            throw ProblemException.invalidRequest("slug is required: lower-case letters, digits and single hyphens, at most " + MAX_SLUG + " characters.");
        }
        if (body.displayName() == null || body.displayName().isBlank() || body.displayName().length() > MAX_DISPLAY_NAME
                || body.displayName().indexOf('\0') >= 0) {
            throw ProblemException.invalidRequest("displayName is required: 1 to " + MAX_DISPLAY_NAME + " characters.");
        }
        TenantStatus status = body.status() == null ? TenantStatus.ACTIVE : body.status();
        return transactions.statement(new TenantId(tenant), """
                        insert into tenant (tenant_id, slug, display_name, status) values ($1, $2, $3, $4)
                        on conflict (tenant_id) do update set slug = excluded.slug, display_name = excluded.display_name, status = excluded.status
                        returning tenant_id, slug, display_name, status, created_at""",
                        Tuple.of(tenant, body.slug(), body.displayName().strip(), status.name()))
                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? new ProblemException(409, "slug-taken", "Slug taken", "Another tenant has this slug.") : e)
                .map(rows -> response(rows.iterator().next()))
                .invoke(() -> active.synchronous().invalidate(tenant));
    }

    private static TenantResponse response(Row row) {
        return new TenantResponse(row.getUUID("tenant_id"), row.getString("slug"), row.getString("display_name"),
                TenantStatus.valueOf(row.getString("status")), row.getOffsetDateTime("created_at").toInstant());
    }
}

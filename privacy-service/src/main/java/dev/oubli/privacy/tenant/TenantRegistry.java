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

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The tenants this service serves (docs/adr/0020, 0038): their public profile, the settings read per tenant, and
 * where they stand. Lookups are cached in a bounded map (size and age), unknown ids included.
 */
@ApplicationScoped
public class TenantRegistry {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](-?[a-z0-9])*$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$");
    private static final int MAX_SLUG = 63;
    private static final int MAX_DISPLAY_NAME = 200;
    private static final int MAX_CONTACT = 320;
    static final String DEFAULT_LOCALE = "fr-FR";
    static final String DEFAULT_TIME_ZONE = "Europe/Paris";

    static final String COLUMNS = "tenant_id, slug, display_name, privacy_contact, locale, time_zone, status, created_at, access_ends_at";

    private final TenantTransactions transactions;
    private final AsyncCache<UUID, Optional<Tenant>> tenants;

    TenantRegistry(TenantTransactions transactions, PrivacyConfig config) {
        this.transactions = transactions;
        this.tenants = Caffeine.newBuilder()
                .maximumSize(config.publicAccess().tenantCacheSize())
                .expireAfterWrite(config.publicAccess().tenantCacheTtl())
                .buildAsync();
    }

    /** The tenant, if registered; the row is visible in its own tenant's context only. */
    public Uni<Optional<Tenant>> find(UUID tenant) {
        return Uni.createFrom().completionStage(() -> tenants.get(tenant, (id, executor) ->
                transactions.statement(new TenantId(id), "select " + COLUMNS + " from tenant where tenant_id = $1", Tuple.of(id))
                        .map(rows -> rows.iterator().hasNext() ? Optional.of(tenant(rows.iterator().next())) : Optional.<Tenant>empty())
                        .subscribeAsCompletionStage()));
    }

    /** Whether the tenant is served now: ACTIVE, or TERMINATING within its grace period. */
    public Uni<Boolean> isActive(UUID tenant) {
        Instant now = Instant.now();
        return find(tenant).map(found -> found.isPresent() && found.get().isServed(now));
    }

    /** 404 problem unless the tenant is served: the same answer for an unknown, suspended, past-grace or purged tenant. */
    public Uni<Void> requireActive(UUID tenant) {
        return requireServed(tenant).replaceWithVoid();
    }

    /** The tenant if it is served now, else a 404 problem. */
    public Uni<Tenant> requireServed(UUID tenant) {
        Instant now = Instant.now();
        return find(tenant).chain(found -> found.isPresent() && found.get().isServed(now) ? Uni.createFrom().item(found.get())
                : Uni.createFrom().failure(ProblemException.notFound("Nothing is found at this address.")));
    }

    /** Forgets the cached lookup, after a change made elsewhere in this service (termination, purge). */
    void forget(UUID tenant) {
        tenants.synchronous().invalidate(tenant);
    }

    /**
     * Registers the tenant or changes its profile or status. Setting a status other than TERMINATING ends a
     * termination not yet purged; a purged tenant stays purged.
     *
     * @throws ProblemException 400 for an invalid body, 409 for a slug another tenant has or a purged tenant
     */
    public Uni<TenantResponse> put(UUID tenant, RegisterTenant body) {
        if (body == null || body.slug() == null || body.slug().length() > MAX_SLUG || !SLUG.matcher(body.slug()).matches()) {
            throw ProblemException.invalidRequest("slug is required: lower-case letters, digits and single hyphens, at most " + MAX_SLUG + " characters.");
        }
        if (body.displayName() == null || body.displayName().isBlank() || body.displayName().length() > MAX_DISPLAY_NAME
                || body.displayName().chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidRequest("displayName is required: 1 to " + MAX_DISPLAY_NAME + " characters.");
        }
        if (body.privacyContact() != null && (body.privacyContact().length() > MAX_CONTACT || !EMAIL.matcher(body.privacyContact()).matches())) {
            throw ProblemException.invalidRequest("privacyContact must be an email address of at most " + MAX_CONTACT + " characters.");
        }
        String locale = body.locale() == null ? DEFAULT_LOCALE : languageTag(body.locale());
        String timeZone = body.timeZone() == null ? DEFAULT_TIME_ZONE : timeZone(body.timeZone());
        TenantStatus status = body.status() == null ? TenantStatus.ACTIVE : body.status();
        return transactions.statement(new TenantId(tenant), """
                        insert into tenant (tenant_id, slug, display_name, status, privacy_contact, locale, time_zone)
                        values ($1, $2, $3, $4, $5, $6, $7)
                        on conflict (tenant_id) do update set slug = excluded.slug, display_name = excluded.display_name,
                            status = excluded.status, privacy_contact = excluded.privacy_contact, locale = excluded.locale,
                            time_zone = excluded.time_zone,
                            termination_requested_at = case when excluded.status = 'TERMINATING' then tenant.termination_requested_at end,
                            access_ends_at = case when excluded.status = 'TERMINATING' then tenant.access_ends_at end
                        where tenant.purge_started_at is null
                        returning\s""" + COLUMNS,
                        Tuple.from(new Object[]{tenant, body.slug(), body.displayName().strip(), status.name(),
                                body.privacyContact(), locale, timeZone}))
                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? new ProblemException(409, "slug-taken", "Slug taken", "Another tenant has this slug.") : e)
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw new ProblemException(409, "tenant-purged", "Tenant purged", "This tenant's data is purged or being purged.");
                    }
                    return TenantResponse.of(tenant(rows.iterator().next()));
                })
                .invoke(() -> forget(tenant));
    }

    private static String languageTag(String value) {
        if (value.length() > 35 || !LANGUAGE_TAG.matcher(value).matches()) {
            throw ProblemException.invalidRequest("locale must be a BCP 47 language tag such as fr-FR.");
        }
        try {
            return new Locale.Builder().setLanguageTag(value).build().toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw ProblemException.invalidRequest("locale must be a BCP 47 language tag such as fr-FR.");
        }
    }

    private static String timeZone(String value) {
        try {
            if (value.length() <= 64 && ZoneId.getAvailableZoneIds().contains(value)) {
                return ZoneId.of(value).getId();
            }
        } catch (DateTimeException e) {
            // answered below
        }
        throw ProblemException.invalidRequest("timeZone must be an IANA time zone such as Europe/Paris.");
    }

    static Tenant tenant(Row row) {
        OffsetDateTime accessEndsAt = row.getOffsetDateTime("access_ends_at");
        return new Tenant(row.getUUID("tenant_id"), row.getString("slug"), row.getString("display_name"),
                row.getString("privacy_contact"), row.getString("locale"), row.getString("time_zone"),
                TenantStatus.valueOf(row.getString("status")), row.getOffsetDateTime("created_at").toInstant(),
                accessEndsAt == null ? null : accessEndsAt.toInstant());
    }
}

package dev.oubli.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Whether a tenant is served, as privacy-service's registry answers {@code GET /public/tenants/{id}}: 200 when ACTIVE or
 * TERMINATING within its grace period, 404 otherwise (unknown, SUSPENDED, past its grace, PURGED). Each answer is kept
 * for a short time to live, so a tenant costs one lookup per replica and time to live, never one per request
 * (docs/adr/0058); concurrent first requests of a tenant share one lookup. Any other outcome (privacy-service
 * unreachable, slow, 5xx) admits, and is kept as well, so an outage of the registry costs one wait per tenant and time
 * to live, not one per request: the services behind still verify the token, and a purged tenant has nothing left.
 */
final class TenantStatuses {

    private record Entry(boolean served, long validUntilMillis) {
    }

    private final HttpClient client;
    private final URI registry;
    private final long ttlMillis;
    private final long timeoutMillis;
    private final LongSupplier clock;
    private final Map<String, Entry> entries;
    private final Map<String, Future<Boolean>> asking = new HashMap<>();

    TenantStatuses(HttpClient client, URI registry, Duration ttl, Duration timeout, int maxSize, LongSupplier clock) {
        this.client = client;
        this.registry = registry;
        this.ttlMillis = Math.max(0, ttl.toMillis());
        this.timeoutMillis = timeout.toMillis();
        this.clock = clock;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxSize;
            }
        };
    }

    /** The answer kept for the tenant and still fresh, else null (then {@link #ask}). */
    Boolean cached(String tenant) {
        synchronized (entries) {
            Entry entry = entries.get(tenant);
            if (entry == null) {
                return null;
            }
            if (clock.getAsLong() >= entry.validUntilMillis()) {
                entries.remove(tenant);
                return null;
            }
            return entry.served();
        }
    }

    /** Asks the registry (one lookup at a time per tenant): false only when it answered 404. */
    Future<Boolean> ask(String tenant) {
        Promise<Boolean> promise;
        synchronized (entries) {
            Future<Boolean> pending = asking.get(tenant);
            if (pending != null) {
                return pending;
            }
            promise = Promise.promise();
            asking.put(tenant, promise.future());
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(registry.resolve("/public/tenants/" + tenant).toString())
                .setIdleTimeout(timeoutMillis);
        client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(answered -> {
                    // Only a 404 refuses; any other outcome admits, and is kept too, so an outage of the registry
                    // costs one wait per tenant and time to live.
                    boolean served = !(answered.succeeded() && answered.result() == 404);
                    synchronized (entries) {
                        asking.remove(tenant);
                        if (ttlMillis > 0) {
                            entries.put(tenant, new Entry(served, clock.getAsLong() + ttlMillis));
                        }
                    }
                    promise.complete(served);
                });
        return promise.future();
    }
}

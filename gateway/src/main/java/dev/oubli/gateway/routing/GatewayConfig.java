package dev.oubli.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gateway's configuration: where each service lives, upstream timeouts, rate limits, CORS. */
@ConfigMapping(prefix = "oubli.gateway")
public interface GatewayConfig {

    /** contacts-service, for example http://contacts-service:8080. */
    URI contactsService();

    /** knowledge-service. */
    URI knowledgeService();

    /** privacy-service. */
    URI privacyService();

    /** The web pages (portal, console). */
    @WithDefault("http://127.0.0.1:8084")
    URI webService();

    /** A pooled connection to a service, idle this long, is closed. */
    @WithDefault("60s")
    Duration poolIdleTimeout();

    /**
     * Route prefix → times of its own, each replacing the routing table's for that route (ADR 0059):
     * {@code oubli.gateway.routes."/api/search".timeout=5s}, {@code .connect-timeout}, {@code .idle-timeout}.
     */
    Map<String, RouteTimes> routes();

    /** A route's own times; one left out keeps the routing table's. */
    interface RouteTimes {

        /** Time to get a connection to the service. */
        Optional<Duration> connectTimeout();

        /** Time the service has to start its answer once the whole request is with it. */
        Optional<Duration> timeout();

        /** The longest silence while a body streams either way. */
        Optional<Duration> idleTimeout();
    }

    /** {@code route} with the times configured for it, if any. */
    default Route configured(Route route) {
        RouteTimes times = routes().get(route.prefix());
        if (times == null) {
            return route;
        }
        Route.Timeouts table = route.timeouts();
        return route.withTimeouts(new Route.Timeouts(times.connectTimeout().orElse(table.connect()),
                times.timeout().orElse(table.answer()), times.idleTimeout().orElse(table.idle())));
    }

    /** Peers whose X-Forwarded-For is believed when the caller's address is needed (rate limits on public routes). */
    Optional<List<String>> trustedProxies();

    /** Web origins allowed to call the API from a browser (CORS); none by default. */
    Optional<List<String>> corsOrigins();

    /** Number of gateway replicas sharing the budgets below: each replica enforces its share (ADR 0028). */
    @WithDefault("1")
    int replicas();

    RateLimits rateLimits();

    /** Tokens verified lately, so that a token is verified once rather than on every request (ADR 0049). */
    VerifiedTokensConfig verifiedTokens();

    /** Whether a token's tenant is served, as privacy-service's registry said lately (docs/adr/0058). */
    TenantStatusConfig tenantStatus();

    /** How long and how many answers of the registry are kept; a time to live of 0 asks for every request. */
    interface TenantStatusConfig {

        /** A tenant purged or suspended is refused at most this long after the change. */
        @WithDefault("30s")
        Duration ttl();

        /** At most this many tenants; the least recently used is forgotten first. */
        @WithDefault("10000")
        int maxSize();

        /** Past this, the registry's silence admits the request (not kept). */
        @WithDefault("2s")
        Duration timeout();
    }

    /** How long and how many verified tokens are kept; a time to live of 0 verifies every request. */
    interface VerifiedTokensConfig {

        /** At most this long, and never past the token's own expiry. */
        @WithDefault("30s")
        Duration ttl();

        /** At most this many tokens; the least recently used is forgotten first. */
        @WithDefault("10000")
        int maxSize();
    }

    /** Requests per minute, for the whole deployment (split across replicas). */
    interface RateLimits {

        /** Of one tenant, all its clients together. */
        @WithDefault("30000")
        long tenantPerMinute();

        /** Of one client (token azp, else subject) within a tenant. */
        @WithDefault("15000")
        long clientPerMinute();

        /** Of one client address on the public routes. */
        @WithDefault("6000")
        long addressPerMinute();

        /**
         * Tenant id → budgets of its own, each replacing the deployment-wide one for that tenant:
         * {@code oubli.gateway.rate-limits.tenants."<tenant id>".tenant-per-minute} and {@code .client-per-minute}
         * (ADR 0049).
         */
        Map<String, TenantBudgets> tenants();

        /**
         * Client id (the token's {@code azp}) → a budget of its own, replacing the client budget of the deployment and
         * of its tenant: {@code oubli.gateway.rate-limits.clients."<client id>".client-per-minute} (ADR 0049).
         */
        Map<String, ClientBudget> clients();
    }

    /** A tenant's own budgets; one left out keeps the deployment's. */
    interface TenantBudgets {

        /** Of the tenant, all its clients together. */
        Optional<Long> tenantPerMinute();

        /** Of each client within the tenant. */
        Optional<Long> clientPerMinute();
    }

    /** A client's own budget. */
    interface ClientBudget {

        /** Of the client, within its tenant. */
        long clientPerMinute();
    }

    /** The base URL of a service. */
    default URI baseOf(Route.Service service) {
        return switch (service) {
            case CONTACTS -> contactsService();
            case KNOWLEDGE -> knowledgeService();
            case PRIVACY -> privacyService();
            case WEB -> webService();
            case GATEWAY -> throw new IllegalArgumentException("the gateway answers its own routes");
        };
    }
}

package dev.oubli.gateway.routing;

import dev.oubli.gateway.routing.Route.Access;
import dev.oubli.gateway.routing.Route.RateClass;
import dev.oubli.gateway.routing.Route.Service;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The gateway's edge (ADR 0003, 0028): for each route of {@link RouteTable}, in this order, the token (verified here,
 * relayed, verified again by the service), the tenant, the rate limits, the body limit, the tenant's status in the
 * registry ({@link TenantStatuses}), then the service through
 * {@link Proxy}. Every refusal of the gateway's own is a problem. Metrics label each request by its route, never by
 * its raw path (ADR 0024).
 */
class ServiceRoutes {

    /** Where Quarkus's HTTP metrics read a request's route template (io.quarkus.micrometer HttpRequestMetric). */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
    static final String TENANT_CLAIM = "tenant_id";

    void route(@Observes Router router, Vertx vertx, GatewayConfig config, MeterRegistry registry) {
        EdgeHeaders edge = new EdgeHeaders(config);
        router.route().order(Integer.MIN_VALUE).handler(edge::handle);
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.failure() instanceof io.quarkus.security.AuthenticationFailedException) {
                Problems.unauthorized(context.response());
            } else {
                context.next();
            }
        });

        List<Route> routes = RouteTable.ROUTES.stream().map(config::configured).toList();
        Proxy proxy = new Proxy(vertx, config, routes);
        TenantStatuses statuses = new TenantStatuses(vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.tenantStatus().timeout().toMillis())), config.privacyService(),
                config.tenantStatus().ttl(), config.tenantStatus().timeout(), config.tenantStatus().maxSize(), System::currentTimeMillis);
        Edge admission = new Edge(config, new RateLimits(config.replicas()),
                new VerifiedTokens(config.verifiedTokens().ttl(), config.verifiedTokens().maxSize(), System::currentTimeMillis),
                statuses, tokens(registry, "cached"), tokens(registry, "verified"));
        for (Route route : routes) {
            URI upstream = route.service() == Service.GATEWAY ? null : config.baseOf(route.service());
            for (String path : List.of(route.prefix(), route.prefix() + "/*")) {
                router.route(path).handler(context -> {
                    Vertx.currentContext().putLocal(URL_PATH_TEMPLATE, path);
                    admit(context, route, admission, () -> {
                        if (upstream == null) {
                            context.next();
                        } else {
                            proxy.forward(context, route, upstream, EdgeHeaders.toService(context));
                        }
                    });
                });
            }
        }
        // Any path that no route, nor Quarkus (/q/*, GET /api/me), serves.
        router.route().last().handler(context -> Problems.notFound(context.response()));
    }

    private void admit(RoutingContext context, Route route, Edge edge, Runnable pass) {
        HttpServerRequest request = context.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        Map<String, Long> byAddress = Budgets.ofAddress(edge.config().rateLimits(), clientAddress(request, edge.config()));
        if (route.access() == Access.PUBLIC) {
            if (allowed(context, edge.limits(), byAddress) && fits(context, route, declared)) {
                pass.run();
            }
            return;
        }
        String bearer = VerifiedTokens.bearerOf(request);
        VerifiedTokens.Caller known = edge.tokens().find(bearer);
        if (known != null) {
            edge.cached().increment();
            admitCaller(context, route, edge, known, byAddress, declared, pass);
            return;
        }
        request.pause();
        QuarkusHttpUser.getSecurityIdentity(context, null).subscribe().with(identity -> {
            request.resume();
            if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
                Problems.unauthorized(context.response());
                return;
            }
            edge.verified().increment();
            VerifiedTokens.Caller caller = new VerifiedTokens.Caller(tenantOf(token), azpOf(token), identity.getPrincipal().getName());
            edge.tokens().remember(bearer, caller, token.getExpirationTime());
            admitCaller(context, route, edge, caller, byAddress, declared, pass);
        }, failure -> {
            request.resume();
            Problems.unauthorized(context.response());
        });
    }

    /** A caller whose token is verified: its tenant, then its budgets and the body's size. */
    private static void admitCaller(RoutingContext context, Route route, Edge edge, VerifiedTokens.Caller caller,
                                    Map<String, Long> byAddress, String declared, Runnable pass) {
        if (caller.tenant() == null && route.access() == Access.TENANT_TOKEN) {
            Problems.noTenant(context.response());
            return;
        }
        String client = caller.azp() != null ? "azp:" + caller.azp() : "sub:" + caller.subject();
        Map<String, Long> budgets = route.rateClass() == RateClass.TENANT
                ? Budgets.ofClient(edge.config().rateLimits(), caller.tenant() == null ? "platform" : caller.tenant(), client, caller.azp())
                : byAddress;
        if (allowed(context, edge.limits(), budgets) && fits(context, route, declared)) {
            admitTenant(context, edge.statuses(), caller.tenant(), pass);
        }
    }

    /**
     * A token's tenant must be served by the registry (ACTIVE, or TERMINATING within its grace): else a 403 problem
     * (docs/adr/0058). Answered from the kept answers; the registry is asked once per tenant and time to live.
     */
    private static void admitTenant(RoutingContext context, TenantStatuses statuses, String tenant, Runnable pass) {
        Boolean served = tenant == null ? Boolean.TRUE : statuses.cached(tenant);
        if (served != null) {
            if (served) {
                pass.run();
            } else {
                Problems.tenantNotServed(context.response());
            }
            return;
        }
        HttpServerRequest request = context.request();
        request.pause();
        Context here = Vertx.currentContext();
        statuses.ask(tenant).onComplete(asked -> here.runOnContext(ignored -> {
            request.resume();
            if (asked.result()) {
                pass.run();
            } else {
                Problems.tenantNotServed(context.response());
            }
        }));
    }

    /** What every route's admission shares: configuration, rate limits, verified tokens, tenants and counters. */
    private record Edge(GatewayConfig config, RateLimits limits, VerifiedTokens tokens, TenantStatuses statuses,
                        Counter cached, Counter verified) {
    }

    /** Bearer tokens admitted, by whether quarkus-oidc verified them or they were verified lately (ADR 0049). */
    private static Counter tokens(MeterRegistry registry, String outcome) {
        return Counter.builder("gateway.bearer.tokens").description("Bearer tokens admitted at the edge")
                .tag("outcome", outcome).register(registry);
    }

    /** A tenant id is a UUID in canonical form; anything else counts as no tenant. */
    static String tenantOf(JsonWebToken token) {
        Object claim = token.getClaim(TENANT_CLAIM);
        if (claim == null) {
            return null;
        }
        String text = claim.toString().replace("\"", "");
        try {
            return UUID.fromString(text).toString().equals(text) ? text : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String azpOf(JsonWebToken token) {
        Object azp = token.getClaim("azp");
        return azp == null ? null : azp.toString().replace("\"", "");
    }

    /** The caller's address: the peer, unless the peer is a trusted proxy, then the address that proxy saw. */
    static String clientAddress(HttpServerRequest request, GatewayConfig config) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        List<String> trusted = config.trustedProxies().orElse(List.of());
        String forwardedFor = request.getHeader("X-Forwarded-For");
        if (forwardedFor == null || !trusted.contains(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private static boolean allowed(RoutingContext context, RateLimits limits, Map<String, Long> budgets) {
        RateLimits.Decision decision = limits.take(budgets);
        var headers = context.response().headers();
        headers.set("RateLimit-Limit", Long.toString(decision.limit()));
        headers.set("RateLimit-Remaining", Long.toString(decision.remaining()));
        headers.set("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        headers.set("RateLimit-Policy", decision.limit() + ";w=" + RateLimits.WINDOW.toSeconds());
        if (!decision.allowed()) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.resetSeconds()));
            Problems.tooManyRequests(context.response());
        }
        return decision.allowed();
    }

    /**
     * A declared body over the route's limit is refused before a byte is read or sent on; a chunked body is counted as
     * it streams ({@link Proxy}).
     */
    private static boolean fits(RoutingContext context, Route route, String declared) {
        if (declared != null && exceeds(declared, route.bodyLimit())) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            Problems.tooLarge(context.response(), route.bodyLimit());
            return false;
        }
        return true;
    }

    private static boolean exceeds(String declared, long limit) {
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}

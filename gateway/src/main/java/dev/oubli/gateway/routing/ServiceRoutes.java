package dev.oubli.gateway.routing;

import dev.oubli.gateway.routing.Route.Access;
import dev.oubli.gateway.routing.Route.RateClass;
import dev.oubli.gateway.routing.Route.Service;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
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
 * relayed, verified again by the service), the tenant, the rate limits, the body limit, then the service through
 * {@link Proxy}. Every refusal of the gateway's own is a problem. Metrics label each request by its route, never by
 * its raw path (ADR 0024).
 */
class ServiceRoutes {

    /** Where Quarkus's HTTP metrics read a request's route template (io.quarkus.micrometer HttpRequestMetric). */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
    static final String TENANT_CLAIM = "tenant_id";

    void route(@Observes Router router, Vertx vertx, GatewayConfig config) {
        EdgeHeaders edge = new EdgeHeaders(config);
        router.route().order(Integer.MIN_VALUE).handler(edge::handle);
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.failure() instanceof io.quarkus.security.AuthenticationFailedException) {
                Problems.unauthorized(context.response());
            } else {
                context.next();
            }
        });

        Proxy proxy = new Proxy(vertx, config);
        RateLimits limits = new RateLimits(config.replicas());
        for (Route listed : RouteTable.ROUTES) {
            Route route = listed.withTimeout(config.routeTimeouts().getOrDefault(listed.prefix(), listed.timeout()));
            URI upstream = route.service() == Service.GATEWAY ? null : config.baseOf(route.service());
            for (String path : List.of(route.prefix(), route.prefix() + "/*")) {
                router.route(path).handler(context -> {
                    Vertx.currentContext().putLocal(URL_PATH_TEMPLATE, path);
                    admit(context, route, config, limits, () -> {
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

    private void admit(RoutingContext context, Route route, GatewayConfig config, RateLimits limits, Runnable pass) {
        HttpServerRequest request = context.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        Map<String, Long> byAddress = Budgets.ofAddress(config.rateLimits(), clientAddress(request, config));
        if (route.access() == Access.PUBLIC) {
            if (allowed(context, limits, byAddress) && fits(context, route, declared)) {
                pass.run();
            }
            return;
        }
        request.pause();
        QuarkusHttpUser.getSecurityIdentity(context, null).subscribe().with(identity -> {
            request.resume();
            if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
                Problems.unauthorized(context.response());
                return;
            }
            String tenant = tenantOf(token);
            if (tenant == null && route.access() == Access.TENANT_TOKEN) {
                Problems.noTenant(context.response());
                return;
            }
            String azp = azpOf(token);
            String client = azp != null ? "azp:" + azp : "sub:" + identity.getPrincipal().getName();
            Map<String, Long> budgets = route.rateClass() == RateClass.TENANT
                    ? Budgets.ofClient(config.rateLimits(), tenant == null ? "platform" : tenant, client, azp)
                    : byAddress;
            if (allowed(context, limits, budgets) && fits(context, route, declared)) {
                pass.run();
            }
        }, failure -> {
            request.resume();
            Problems.unauthorized(context.response());
        });
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

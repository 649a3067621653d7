package dev.oubli.privacy.ratelimit;

import dev.oubli.privacy.PrivacyConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every public path ({@code /public/*}, {@code /u/*}) shares one budget per client IP address across tenants and
 * paths, so that varying a tenant, an id or a token buys nothing. The address is the one a trusted proxy forwarded
 * ({@code quarkus.http.proxy.*}), else the peer's.
 */
class PublicClientBudget {

    private final RateLimiter limiter;
    private final AddressHashes hashes;

    PublicClientBudget(PrivacyConfig config, AddressHashes hashes) {
        PrivacyConfig.PublicAccess access = config.publicAccess();
        this.limiter = new RateLimiter(access.maxPerClient(), access.window(), access.maxKeys());
        this.hashes = hashes;
    }

    @ServerRequestFilter(preMatching = true)
    void spend(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/public/") || path.startsWith("/u/")) {
            limiter.acquire(hashes.client(http.remoteAddress() == null ? null : http.remoteAddress().hostAddress()));
        }
    }
}

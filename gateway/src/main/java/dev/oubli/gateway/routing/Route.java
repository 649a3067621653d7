package dev.oubli.gateway.routing;

import java.time.Duration;

/**
 * One row of the gateway's routing table ({@link RouteTable}): a path prefix, the service that owns it, who may call
 * it, how large a body it takes, whether its bodies are streamed, how long its service may take to answer, and which
 * rate limits count it.
 *
 * @param prefix    the path prefix; the route serves {@code prefix} and {@code prefix/*}
 * @param service   the owning service
 * @param access    token or public
 * @param bodyLimit the largest body, in bytes, declared or counted (a chunked body is counted as it streams)
 * @param streaming whether bodies this large stream through (imports) rather than being small JSON
 * @param timeout   time the service has to start its answer (and the longest silence while streaming)
 * @param rateClass which rate limits count a request
 */
public record Route(String prefix, Service service, Access access, long bodyLimit, boolean streaming, Duration timeout,
                    RateClass rateClass) {

    /** Who answers a route. {@code GATEWAY} routes are answered here (GET /api/me). */
    public enum Service {
        CONTACTS("contacts-service"), KNOWLEDGE("knowledge-service"), PRIVACY("privacy-service"), WEB("web"),
        GATEWAY("gateway");

        private final String label;

        Service(String label) {
            this.label = label;
        }

        /** The service's name, as the README and the deployment name it. */
        public String label() {
            return label;
        }
    }

    /** Who may call a route. */
    public enum Access {
        /** A valid bearer token with a tenant ({@code tenant_id}, a UUID). */
        TENANT_TOKEN,
        /** A valid bearer token, with or without a tenant: platform automation registers and manages tenants. */
        TOKEN,
        /** Anyone: the service behind decides (unsubscribe pages, self-service, signed links, the web pages). */
        PUBLIC
    }

    /** Which budgets a request spends (ADR 0028). */
    public enum RateClass {
        /** The tenant's budget and the client's (token {@code azp}, else subject) within it. */
        TENANT,
        /** The budget of the client's address. */
        ADDRESS
    }

    /** The same route with another timeout (oubli.gateway.route-timeouts). */
    public Route withTimeout(Duration other) {
        return new Route(prefix, service, access, bodyLimit, streaming, other, rateClass);
    }

    /** Whether this route serves {@code path}: the prefix itself or anything under it. */
    public boolean serves(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}

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
 * @param timeouts  how long the gateway waits for a connection to the service, for its answer, and through a silence
 * @param rateClass which rate limits count a request
 */
public record Route(String prefix, Service service, Access access, long bodyLimit, boolean streaming, Timeouts timeouts,
                    RateClass rateClass) {

    /**
     * A route's times (ADR 0059). Past {@code connect} or {@code answer} the caller gets a 504 problem; past
     * {@code idle}, the exchange is cut (a 504 problem when nothing of the answer was sent yet).
     *
     * @param connect time to get a connection to the service (a pooled one, or a new one opened)
     * @param answer  time the service has, once the whole request is with it, to start its answer
     * @param idle    the longest silence of the exchange: while the caller's body streams, while the service prepares
     *                its answer, while the answer streams (an upload's own length is not limited)
     */
    public record Timeouts(Duration connect, Duration answer, Duration idle) {

        public Timeouts {
            for (Duration time : new Duration[] {connect, answer, idle}) {
                if (time == null || time.isNegative() || time.isZero()) {
                    throw new IllegalArgumentException("a route's timeouts are positive durations");
                }
            }
        }
    }

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

    /** The same route with other times (oubli.gateway.routes."<prefix>".*). */
    public Route withTimeouts(Timeouts other) {
        return new Route(prefix, service, access, bodyLimit, streaming, other, rateClass);
    }

    /** Whether this route serves {@code path}: the prefix itself or anything under it. */
    public boolean serves(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}

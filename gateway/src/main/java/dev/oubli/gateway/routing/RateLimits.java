package dev.oubli.gateway.routing;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per tenant, per client within a tenant and per client address (ADR 0028). Each replica of
 * the gateway holds its own buckets and enforces its share of each budget: the configured budget divided by
 * {@code oubli.gateway.replicas}, rounded up. The buckets live in a bounded map: the least recently used key is
 * forgotten first (a caller varying its address can only reset its own budget, not grow the gateway's memory).
 */
final class RateLimits {

    static final int MAX_KEYS = 100_000;
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** What one request got: allowed or not, the tightest budget's figures, and the wait before a retry. */
    record Decision(boolean allowed, long limit, long remaining, long resetSeconds) {
    }

    private final int replicas;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_KEYS;
        }
    };

    RateLimits(int replicas) {
        this.replicas = Math.max(1, replicas);
    }

    /** This replica's share of a deployment-wide budget. */
    long share(long perMinute) {
        return Math.max(1, (perMinute + replicas - 1) / replicas);
    }

    /** Takes one request from each budget named (key → deployment-wide requests per minute), tightest reported. */
    Decision take(Map<String, Long> budgets) {
        Decision tightest = null;
        for (Map.Entry<String, Long> budget : budgets.entrySet()) {
            long share = share(budget.getValue());
            ConsumptionProbe probe = bucket(budget.getKey() + "/" + share, share).tryConsumeAndReturnRemaining(1);
            long wait = probe.isConsumed() ? probe.getNanosToWaitForReset() : probe.getNanosToWaitForRefill();
            Decision decision = new Decision(probe.isConsumed(), share, probe.getRemainingTokens(), Math.max(1, ceilSeconds(wait)));
            if (tightest == null || !decision.allowed() && tightest.allowed()
                    || decision.allowed() == tightest.allowed() && decision.remaining() < tightest.remaining()) {
                tightest = decision;
            }
            if (!decision.allowed()) {
                return decision;
            }
        }
        return tightest;
    }

    private synchronized Bucket bucket(String key, long share) {
        return buckets.computeIfAbsent(key, ignored -> Bucket.builder()
                .addLimit(limit -> limit.capacity(share).refillGreedy(share, WINDOW))
                .build());
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}

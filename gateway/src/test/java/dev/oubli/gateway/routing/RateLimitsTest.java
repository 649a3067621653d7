package dev.oubli.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Token buckets per key; with several replicas, each enforces its share of the deployment's budget (ADR 0028). */
class RateLimitsTest {

    @Test
    void eachOfThreeReplicasAllowsItsShareOfTheBudgetRoundedUp() {
        RateLimits replica = new RateLimits(3);
        int allowed = 0;
        for (int i = 0; i < 20; i++) {
            if (replica.take(Map.of("tenant:a", 10L)).allowed()) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(4);
    }

    @Test
    void threeReplicasTogetherNeverAllowMoreThanTheBudgetPlusRounding() {
        int allowed = 0;
        for (int replica = 0; replica < 3; replica++) {
            RateLimits limits = new RateLimits(3);
            for (int i = 0; i < 100; i++) {
                allowed += limits.take(Map.of("tenant:a", 30L)).allowed() ? 1 : 0;
            }
        }
        assertThat(allowed).isEqualTo(30);
    }

    @Test
    void theTightestBudgetIsReportedAndARefusalSaysWhenToRetry() {
        RateLimits limits = new RateLimits(1);
        Map<String, Long> budgets = new LinkedHashMap<>();
        budgets.put("tenant:a", 100L);
        budgets.put("client:a:web", 2L);
        assertThat(limits.take(budgets)).extracting(RateLimits.Decision::allowed, RateLimits.Decision::limit,
                RateLimits.Decision::remaining).containsExactly(true, 2L, 1L);
        limits.take(budgets);
        RateLimits.Decision refused = limits.take(budgets);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.resetSeconds()).isBetween(1L, 60L);
        assertThat(limits.take(Map.of("client:a:other", 2L)).allowed()).isTrue();
    }
}

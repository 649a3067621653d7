package dev.oubli.gateway.routing;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Per-route latency histograms: the HTTP server timer (labelled by route template, method and status, ADR 0024) gets
 * fixed buckets, so p50/p99 per route and status can be computed from the scrape. Fixed buckets keep the number of
 * series bounded (routes × statuses × 12).
 */
class RouteMetrics {

    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)};

    @Produces
    @Singleton
    MeterFilter routeLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if ("http.server.requests".equals(id.getName())) {
                    return DistributionStatisticConfig.builder()
                            .serviceLevelObjectives(java.util.Arrays.stream(BUCKETS).mapToDouble(Duration::toNanos).toArray())
                            .build().merge(config);
                }
                return config;
            }
        };
    }
}

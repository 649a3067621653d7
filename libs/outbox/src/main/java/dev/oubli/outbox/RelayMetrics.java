package dev.oubli.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's gauges and counter, labelled by topic only: {@code oubli.outbox.pending} (rows waiting),
 * {@code oubli.outbox.oldest.pending.age} (seconds since the oldest waiting row occurred),
 * {@code oubli.outbox.parked} (rows parked now) and {@code oubli.outbox.rows.parked} (rows parked since start).
 */
final class RelayMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong[]> topics = new ConcurrentHashMap<>();

    RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void parked(String topic) {
        Counter.builder("oubli.outbox.rows.parked").description("Outbox rows parked after bounded attempts or a permanent refusal")
                .tag("topic", topic).register(registry).increment();
    }

    /** @param counts per topic: pending rows, age of the oldest pending row in seconds, parked rows */
    void update(Map<String, long[]> counts) {
        counts.keySet().forEach(this::gauges);
        topics.forEach((topic, values) -> {
            long[] now = counts.getOrDefault(topic, new long[3]);
            for (int i = 0; i < 3; i++) {
                values[i].set(now[i]);
            }
        });
    }

    private AtomicLong[] gauges(String topic) {
        return topics.computeIfAbsent(topic, name -> {
            AtomicLong[] values = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
            Gauge.builder("oubli.outbox.pending", values[0], AtomicLong::get).description("Outbox rows waiting to be published")
                    .tag("topic", name).register(registry);
            Gauge.builder("oubli.outbox.oldest.pending.age", values[1], AtomicLong::get).baseUnit("seconds")
                    .description("Age of the oldest outbox row waiting to be published").tag("topic", name).register(registry);
            Gauge.builder("oubli.outbox.parked", values[2], AtomicLong::get).description("Outbox rows parked, waiting for an operator")
                    .tag("topic", name).register(registry);
            return values;
        });
    }
}

package dev.oubli.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Gauges of what waits on the broker for this service (docs/adr/0042), read with an admin client every
 * {@code oubli.outbox.relay.metrics-interval} from the channels the service declares
 * ({@code mp.messaging.incoming.<channel>.topic}, {@code .group.id}, {@code .dead-letter-queue.topic}):
 * <ul>
 * <li>{@code oubli.events.consumer.lag} (labels {@code topic}, {@code group}): records not yet committed by the group
 * (a group that never committed lags by every record the topic keeps);</li>
 * <li>{@code oubli.events.dead-letter.records} (label {@code topic}, the dead-letter topic): records it keeps, whoever
 * dead-lettered them; replayed records stay counted until the retention removes them.</li>
 * </ul>
 * When the broker does not answer, the gauges keep their last values (the relay's readiness tells that story).
 */
@ApplicationScoped
class ConsumerBacklogMetrics {

    private static final Logger LOG = Logger.getLogger(ConsumerBacklogMetrics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Duration interval;
    private final Map<String, Object> adminSettings = new HashMap<>();
    /** group to the topics it reads */
    private final Map<String, Set<String>> groups = new TreeMap<>();
    private final Set<String> deadLetterTopics = new TreeSet<>();
    private final Map<List<String>, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private ScheduledExecutorService schedule;
    private Admin admin;

    @Inject
    ConsumerBacklogMetrics(OutboxConfig outbox, MeterRegistry registry, Config config,
                           @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.registry = registry;
        this.interval = outbox.relay().metricsInterval();
        Set<String> known = AdminClientConfig.configNames();
        kafka.forEach((name, value) -> {
            if (known.contains(name)) {
                adminSettings.put(name, value);
            }
        });
        adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, outbox.bootstrapServers());
        adminSettings.put(AdminClientConfig.CLIENT_ID_CONFIG, outbox.source() + "-backlog-metrics");
        adminSettings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        adminSettings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        String prefix = "mp.messaging.incoming.";
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix) && name.endsWith(".group.id")) {
                String channel = name.substring(prefix.length(), name.length() - ".group.id".length());
                String group = config.getValue(name, String.class);
                config.getOptionalValue(prefix + channel + ".topic", String.class)
                        .ifPresent(topic -> groups.computeIfAbsent(group, g -> new TreeSet<>()).add(topic));
            } else if (name.startsWith(prefix) && name.endsWith(".dead-letter-queue.topic")) {
                deadLetterTopics.add(config.getValue(name, String.class));
            }
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (groups.isEmpty() && deadLetterTopics.isEmpty()) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "consumer-backlog-metrics");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (schedule != null) {
            schedule.shutdownNow();
        }
        if (admin != null) {
            admin.close(TIMEOUT);
        }
    }

    void refresh() {
        try {
            if (admin == null) {
                admin = Admin.create(adminSettings);
            }
            Set<String> topics = new TreeSet<>(deadLetterTopics);
            groups.values().forEach(topics::addAll);
            Map<TopicPartition, Long> earliest = offsets(topics, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(topics, OffsetSpec.latest());
            for (String topic : deadLetterTopics) {
                gauge(deadLetters, topic, () -> Gauge.builder("oubli.events.dead-letter.records", deadLetters.get(topic), AtomicLong::get)
                        .description("Records kept on a dead-letter topic").tag("topic", topic))
                        .set(sum(latest, topic) - sum(earliest, topic));
            }
            for (Map.Entry<String, Set<String>> group : groups.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (String topic : group.getValue()) {
                    long lag = latest.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(e -> {
                        OffsetAndMetadata done = committed.get(e.getKey());
                        return e.getValue() - (done != null ? done.offset() : earliest.getOrDefault(e.getKey(), 0L));
                    }).sum();
                    List<String> key = List.of(topic, group.getKey());
                    gauge(lags, key, () -> Gauge.builder("oubli.events.consumer.lag", lags.get(key), AtomicLong::get)
                            .description("Records a consumer group has not committed yet").tag("topic", topic).tag("group", group.getKey()))
                            .set(Math.max(0, lag));
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("Consumer backlog not read (%s)", e.getClass().getSimpleName());
        }
    }

    private Map<TopicPartition, Long> offsets(Set<String> topics, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((name, description) -> description.partitions()
                        .forEach(p -> request.put(new TopicPartition(name, p.partition()), spec)));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static long sum(Map<TopicPartition, Long> offsets, String topic) {
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
    }

    private <K> AtomicLong gauge(Map<K, AtomicLong> values, K key, java.util.function.Supplier<Gauge.Builder<AtomicLong>> builder) {
        AtomicLong value = values.get(key);
        if (value == null) {
            value = new AtomicLong();
            values.put(key, value);
            builder.get().register(registry);
        }
        return value;
    }
}

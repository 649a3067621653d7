package dev.oubli.outbox;

import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One bad outbox row stops nothing but the later rows of its own key (ADR 0027). */
@QuarkusTest
class OutboxRelayIsolationTest {

    static final String TOPIC = OutboxTest.TOPIC;
    static final String MISSING_TOPIC = "nope.v1";
    static final String TYPE = OutboxTest.TYPE;

    /** A test event: ids only, and filler that makes it larger than the broker takes. */
    record Parcel(UUID parcelId, int sequence, String filler) {
    }

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantTransactions transactions;

    @Inject
    MeterRegistry metrics;

    @Inject
    OutboxConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void readTheTopicFromItsEnd() {
        consumer = CloudEventTopics.readFromTheEnd(bootstrapServers, TOPIC);
    }

    @AfterEach
    void closeConsumerAndRestartRelay() {
        consumer.close();
        relay.start();
    }

    @Test
    void anOversizedRowIsParkedWhileTheOtherTenantsEventsOfTheSameBatchArePublishedExactlyOnce() throws Exception {
        relay.stop();
        List<String> good = new ArrayList<>();
        good.add(append(TOPIC, 1, ""));
        String oversizedKey = UUID.randomUUID().toString();
        long oversized = appendWithKey(TOPIC, oversizedKey, 1, "x".repeat(2 * 1024 * 1024));
        long heldBack = appendWithKey(TOPIC, oversizedKey, 2, "");
        for (int tenant = 0; tenant < 5; tenant++) {
            good.add(append(TOPIC, 1, ""));
        }

        relay.start();

        Map<String, Integer> received = receiveFor(Set.copyOf(good), Duration.ofSeconds(8));
        assertThat(received).as("each good event, once").containsOnlyKeys(good).allSatisfy((key, times) -> assertThat(times).isOne());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(state(oversized)).isEqualTo("parked TOO_LARGE after 1"));
        assertThat(state(heldBack)).as("a parked row keeps the later rows of its key back").isEqualTo("pending");
        relay.refreshMetrics(true);
        assertThat(metrics.get("oubli.outbox.parked").tag("topic", TOPIC).gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(metrics.get("oubli.outbox.rows.parked").tag("topic", TOPIC).counter().count()).isGreaterThanOrEqualTo(1);

        // The operator removes the parked row: its key's next row goes out within seconds.
        execute("delete from outbox_event where id = " + oversized);
        assertThat(receiveFor(Set.of(oversizedKey), Duration.ofSeconds(5))).containsEntry(oversizedKey, 1);
        assertThat(state(heldBack)).isEqualTo("published");
    }

    @Test
    void aRowForAMissingTopicIsParkedWithinSecondsWhileTheRowsAroundItArePublished() throws Exception {
        relay.stop();
        String before = append(TOPIC, 1, "");
        long missing = appendWithKey(MISSING_TOPIC, UUID.randomUUID().toString(), 1, "");
        String after = append(TOPIC, 1, "");
        Instant started = Instant.now();

        relay.start();

        Map<String, Integer> received = receiveFor(Set.of(before, after), Duration.ofSeconds(4));
        assertThat(received).containsEntry(before, 1).containsEntry(after, 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(state(missing)).isEqualTo("parked UNKNOWN_TOPIC after 3"));
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
        execute("delete from outbox_event where id = " + missing);
    }

    /**
     * A send to a topic the broker does not have blocks the relay's thread for the producer's {@code max.block.ms}
     * (5 s by default) while it waits for metadata that never comes: every other row of every tenant waited behind it,
     * at each attempt (R3 of the fault campaign: another tenant's erasures took 28 s instead of 2). The relay asks the
     * broker whether a topic exists before its first send there, so such a row fails at once and nothing waits.
     */
    @Test
    void aRowForAMissingTopicIsNeverHandedToTheProducerSoItHoldsUpNoPass() throws Exception {
        relay.stop();
        String before = append(TOPIC, 1, "");
        long missing = appendWithKey(MISSING_TOPIC, UUID.randomUUID().toString(), 1, "");
        String after = append(TOPIC, 1, "");
        List<String> sentTo = new ArrayList<>();
        try (Producer<String, byte[]> real = relay.newProducer()) {
            @SuppressWarnings("unchecked")
            Producer<String, byte[]> recording = (Producer<String, byte[]>) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, arguments) -> {
                        if (method.getName().equals("send")) {
                            sentTo.add(((org.apache.kafka.clients.producer.ProducerRecord<?, ?>) arguments[0]).topic());
                        }
                        try {
                            return method.invoke(real, arguments);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            for (int pass = 0; pass < 5 && relay.publishPass(recording) > 0; pass++) {
                // the good rows and the missing topic's row, in one pass or several
            }
        }

        assertThat(query("select last_failure from outbox_event where id = " + missing)).isEqualTo("UNKNOWN_TOPIC");
        assertThat(sentTo).as("topics handed to the producer").doesNotContain(MISSING_TOPIC).contains(TOPIC);
        assertThat(receiveFor(Set.of(before, after), Duration.ofSeconds(3))).containsEntry(before, 1).containsEntry(after, 1);
        execute("delete from outbox_event where id = " + missing);
    }

    @Test
    void everyRowOfOneKeyGoesOutInOnePassInOrder() throws Exception {
        relay.stop();
        String key = UUID.randomUUID().toString();
        for (int sequence = 1; sequence <= 30; sequence++) {
            appendWithKey(TOPIC, key, sequence, "");
        }
        try (Producer<String, byte[]> producer = relay.newProducer()) {
            assertThat(relay.publishPass(producer)).isGreaterThanOrEqualTo(30);
        }

        List<String> sequences = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(5);
        while (sequences.size() < 30 && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    sequences.add(value.replaceAll(".*\"sequence\":(\\d+).*", "$1"));
                }
            }
        }
        assertThat(sequences).containsExactlyElementsOf(IntStream.rangeClosed(1, 30).mapToObj(String::valueOf).toList());
    }

    @Test
    void aKeyOfAnUnorderedTopicGoesOutInOneRoundAnOrderedKeyOneRowPerRound() throws Exception {
        relay.stop();
        String key = UUID.randomUUID().toString();
        for (int sequence = 1; sequence <= 5; sequence++) {
            appendWithKey(TOPIC, key, sequence, "");
        }
        List<String> ordered = new ArrayList<>();
        try (Producer<String, byte[]> producer = recording(relay.newProducer(), ordered)) {
            assertThat(relay.publishPass(producer)).isGreaterThanOrEqualTo(5);
        }
        // Each round waits for the broker before the key's next row is handed over.
        assertThat(ordered).containsExactly("send", "ack", "send", "ack", "send", "ack", "send", "ack", "send", "ack");

        String other = UUID.randomUUID().toString();
        for (int sequence = 1; sequence <= 5; sequence++) {
            appendWithKey(TOPIC, other, sequence, "");
        }
        OutboxRelay unordered = new OutboxRelay(dataSource, withUnorderedTopics(config, Set.of(TOPIC)), metrics, kafka);
        List<String> oneRound = new ArrayList<>();
        try (Producer<String, byte[]> producer = recording(unordered.newProducer(), oneRound)) {
            assertThat(unordered.publishPass(producer)).isGreaterThanOrEqualTo(5);
        }
        assertThat(oneRound).containsExactly("send", "send", "send", "send", "send", "ack", "ack", "ack", "ack", "ack");
        assertThat(state(Long.parseLong(query("select max(id) from outbox_event where message_key = '" + other + "'"))))
                .isEqualTo("published");

        List<String> sequences = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(5);
        while (sequences.size() < 5 && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (other.equals(record.key())) {
                    sequences.add(new String(record.value(), StandardCharsets.UTF_8).replaceAll(".*\"sequence\":(\\d+).*", "$1"));
                }
            }
        }
        assertThat(sequences).as("still in order: idempotent producer").containsExactly("1", "2", "3", "4", "5");
    }

    /** The producer, noting each hand-over ("send") and each wait for the broker's answer ("ack") in {@code log}. */
    @SuppressWarnings("unchecked")
    static Producer<String, byte[]> recording(Producer<String, byte[]> producer, List<String> log) {
        return (Producer<String, byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(), new Class<?>[] {Producer.class},
                (proxy, method, arguments) -> {
                    Object result = invoke(producer, method, arguments);
                    if (!method.getName().equals("send")) {
                        return result;
                    }
                    log.add("send");
                    Future<RecordMetadata> sent = (Future<RecordMetadata>) result;
                    return (Future<RecordMetadata>) Proxy.newProxyInstance(Future.class.getClassLoader(), new Class<?>[] {Future.class},
                            (future, call, args) -> {
                                if (call.getName().equals("get")) {
                                    log.add("ack");
                                }
                                return invoke(sent, call, args);
                            });
                });
    }

    /** The same settings, but with {@code unordered-topics}. */
    static OutboxConfig withUnorderedTopics(OutboxConfig config, Set<String> topics) {
        OutboxConfig.Relay relay = (OutboxConfig.Relay) Proxy.newProxyInstance(OutboxConfig.Relay.class.getClassLoader(),
                new Class<?>[] {OutboxConfig.Relay.class}, (proxy, method, arguments) -> method.getName().equals("unorderedTopics")
                        ? Optional.of(topics) : invoke(config.relay(), method, arguments));
        return (OutboxConfig) Proxy.newProxyInstance(OutboxConfig.class.getClassLoader(), new Class<?>[] {OutboxConfig.class},
                (proxy, method, arguments) -> method.getName().equals("relay") ? relay : invoke(config, method, arguments));
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void theProducerTakesItsClientSettingsFromConfiguration() {
        Map<String, Object> settings = relay.producerSettings();
        assertThat(settings).containsEntry("max.block.ms", "1000") // oubli.outbox.producer.*
                .containsEntry("reconnect.backoff.max.ms", "2000") // kafka.*
                .containsEntry("enable.idempotence", "true").containsEntry("acks", "all");
    }

    /** @return the key of a new event of a fresh tenant */
    private String append(String topic, int sequence, String filler) {
        String key = UUID.randomUUID().toString();
        appendWithKey(topic, key, sequence, filler);
        return key;
    }

    /** @return the outbox row id of a new event of a fresh tenant */
    private long appendWithKey(String topic, String key, int sequence, String filler) {
        TenantId tenant = new TenantId(UUID.randomUUID());
        UUID eventId = inTransaction(() -> transactions.inTransaction(tenant, () ->
                outbox.append(tenant, topic, key, TYPE, new Parcel(UUID.randomUUID(), sequence, filler))));
        return Long.parseLong(query("select id from outbox_event where event_id = '" + eventId + "'"));
    }

    private String state(long id) {
        return query("""
                select case when published_at is not null then 'published'
                            when parked_at is not null then 'parked ' || last_failure || ' after ' || attempts
                            else 'pending' end
                from outbox_event where id = """ + id);
    }

    private Map<String, Integer> receiveFor(Set<String> keys, Duration duration) {
        Map<String, Integer> received = new HashMap<>();
        Instant end = Instant.now().plus(duration);
        while (Instant.now().isBefore(end)) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (keys.contains(record.key())) {
                    received.merge(record.key(), 1, Integer::sum);
                }
            });
        }
        return received;
    }

    /** Reads across tenants, as the relay does. */
    private String query(String sql) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement relay = c.createStatement()) {
                relay.execute("select set_config('oubli.outbox_relay', 'on', true)");
            }
            try (PreparedStatement read = c.prepareStatement(sql); ResultSet rows = read.executeQuery()) {
                rows.next();
                String value = rows.getString(1);
                c.commit();
                return value;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement statement = c.createStatement()) {
                statement.execute("select set_config('oubli.outbox_relay', 'on', true)");
                statement.executeUpdate(sql);
            }
            c.commit();
        }
    }

    private static <T> T inTransaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }
}

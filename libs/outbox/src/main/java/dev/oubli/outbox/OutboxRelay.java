package dev.oubli.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes committed outbox rows to Kafka, on a thread of its own (docs/adr/0005, 0027).
 * <ul>
 * <li>Claims the heads of keys, the oldest unpublished row of each topic and key, with {@code FOR UPDATE SKIP
 * LOCKED}, so several instances share the work; owning a key's head, it takes that key's later rows too. A
 * pass sends in rounds, one row of every key per round, so a key's rows go out in order and all in one pass; a key
 * of an {@code unordered-topics} topic goes whole in the first round (ADR 0053).</li>
 * <li>Marks each row published once the broker acknowledged it (idempotent producer, {@code acks=all}). A row
 * the broker refuses is recorded on its own (attempts, reason, next attempt after a doubling back-off) and,
 * after {@code max-attempts} or at once for a permanent refusal, parked; it holds back only the later rows
 * of its key. Other rows, keys and tenants go on: nothing is sent again because a sibling failed.</li>
 * <li>When no broker answers at all, nothing is counted against the rows: the relay waits and tries again.</li>
 * <li>Sleeps on PostgreSQL {@code LISTEN outbox_event} (a trigger notifies at commit), with the poll
 * interval as fallback; removes published rows older than the retention; keeps gauges per topic.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** The oldest unpublished row of each key, parked or not: a parked or waiting row keeps its key's later rows back. */
    private static final String CLAIM_HEADS = """
            select id from outbox_event o
            where published_at is null and parked_at is null
              and (next_attempt_at is null or next_attempt_at <= now())
              and not exists (select 1 from outbox_event older
                              where older.topic = o.topic and older.message_key = o.message_key
                                and older.published_at is null and older.id < o.id)
            order by id
            limit ?
            for update skip locked""";
    /** The claimed heads and the later rows of their keys, in order; nobody else claims these while the heads are ours. */
    private static final String CLAIM_KEYS = """
            select o.id, o.tenant_id, o.event_id, o.topic, o.message_key, o.event_type, o.payload, o.occurred_at, o.attempts, o.traceparent
            from outbox_event o
            join outbox_event head on head.topic = o.topic and head.message_key = o.message_key
            where head.id = any(?) and o.id >= head.id and o.published_at is null and o.parked_at is null
            order by o.id
            limit ?
            for update of o""";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final AgroalDataSource database;
    private final OutboxConfig config;
    private final Map<String, Object> kafka;
    private final RelayMetrics metrics;
    private final Map<String, Object> producerSettings;
    private final Duration acknowledgementTimeout;
    private final Set<String> unorderedTopics;
    private volatile Thread worker;
    private volatile boolean running;
    private volatile Instant nextCleaning = Instant.EPOCH;
    private Instant nextMetrics = Instant.EPOCH;
    /** When the relay last completed a pass (or started): readiness fails when this is older than {@code stuck-after}. */
    private volatile Instant lastPass = Instant.now();
    private Admin admin;
    /** Topics the broker described: their rows are handed to the producer without asking again (relay thread only). */
    private final Set<String> knownTopics = new HashSet<>();

    @Inject
    OutboxRelay(AgroalDataSource database, OutboxConfig config, MeterRegistry registry,
                @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.database = database;
        this.config = config;
        this.kafka = kafka;
        this.metrics = new RelayMetrics(registry);
        this.producerSettings = producerConfig();
        this.unorderedTopics = config.relay().unorderedTopics().orElse(Set.of());
        this.acknowledgementTimeout = Duration.ofMillis(Long.parseLong(
                producerSettings.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).toString())).plusSeconds(5);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.relay().enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts relaying (at application start unless {@code oubli.outbox.relay.enabled=false}). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        lastPass = Instant.now();
        nextCleaning = Instant.EPOCH;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    /** Stops relaying; rows written meanwhile wait in the outbox. */
    public synchronized void stop() {
        running = false;
        Thread stopping = worker;
        if (stopping != null) {
            stopping.interrupt();
            try {
                stopping.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    private void run() {
        Producer<String, byte[]> producer = newProducer();
        try {
            while (running) {
                try (Connection listener = database.getConnection()) {
                    try (Statement listen = listener.createStatement()) {
                        listen.execute("listen outbox_event");
                    }
                    PGConnection notifications = listener.unwrap(PGConnection.class);
                    while (running) {
                        int claimed;
                        do {
                            claimed = publishPass(producer);
                        } while (running && claimed == config.relay().batchSize());
                        removeOldRows();
                        refreshMetrics(false);
                        lastPass = Instant.now();
                        notifications.getNotifications((int) config.relay().pollInterval().toMillis());
                    }
                } catch (SQLException | RuntimeException e) {
                    if (running) {
                        LOG.warnf("Outbox relay failed (%s); retrying in %s", e.getClass().getSimpleName(), config.relay().retryDelay());
                        pause(config.relay().retryDelay());
                    }
                }
            }
        } finally {
            // stop() interrupts to cut a wait short; left set, the flag makes the producer's close throw instead of closing.
            Thread.interrupted();
            producer.close(Duration.ofSeconds(5));
            closeAdmin();
        }
    }

    /**
     * One pass: claims up to {@code batch-size} rows (whole keys), sends them round by round and records each
     * row's outcome, in one transaction.
     *
     * @return how many rows were claimed
     * @throws BrokerUnavailableException after committing what was acknowledged, when no broker answers
     */
    int publishPass(Producer<String, byte[]> producer) throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                actAsRelay(c);
                Map<String, Deque<Row>> keys = claim(c);
                if (keys.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                int claimed = keys.values().stream().mapToInt(Deque::size).sum();
                boolean brokerUnavailable = sendInRounds(c, producer, keys);
                c.commit();
                if (brokerUnavailable) {
                    throw new BrokerUnavailableException();
                }
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** @return true when no broker answered: the rows not acknowledged are left as they were */
    private boolean sendInRounds(Connection c, Producer<String, byte[]> producer, Map<String, Deque<Row>> keys) throws SQLException {
        Map<String, RelayFailure> topicsFailed = new HashMap<>();
        boolean brokerUnavailable = false;
        while (!keys.isEmpty() && !brokerUnavailable) {
            List<Sending> round = new ArrayList<>();
            for (Iterator<Deque<Row>> next = keys.values().iterator(); next.hasNext() && !brokerUnavailable; ) {
                Deque<Row> key = next.next();
                // One row of the key per round; every row of a key of an unordered topic in this one (ADR 0053).
                boolean wholeKey = unorderedTopics.contains(key.peek().topic());
                do {
                    Row row = key.poll();
                    RelayFailure failure = topicCheck(row.topic(), topicsFailed);
                    Future<RecordMetadata> acknowledgement = null;
                    if (failure == null) {
                        acknowledgement = send(producer, row);
                        if (acknowledgement.isDone()) { // refused before it left: a missing topic, a record too large
                            failure = outcome(row, acknowledgement, topicsFailed);
                        }
                    }
                    brokerUnavailable = failure == RelayFailure.BROKER_UNAVAILABLE;
                    round.add(new Sending(row, acknowledgement, failure));
                } while (wholeKey && !key.isEmpty() && !brokerUnavailable);
                if (key.isEmpty()) {
                    next.remove();
                }
            }
            List<Long> acknowledged = new ArrayList<>();
            for (Sending sending : round) {
                RelayFailure failure = sending.failure() != null ? sending.failure()
                        : outcome(sending.row(), sending.acknowledgement(), topicsFailed);
                if (failure == null) {
                    acknowledged.add(sending.row().id());
                    continue;
                }
                keys.remove(sending.row().key()); // the key's later rows wait behind the failed one
                if (failure == RelayFailure.BROKER_UNAVAILABLE) {
                    brokerUnavailable = true; // not the row's fault: nothing counted
                } else {
                    recordFailure(c, sending.row(), failure);
                }
            }
            markPublished(c, acknowledged);
        }
        return brokerUnavailable;
    }

    private Map<String, Deque<Row>> claim(Connection c) throws SQLException {
        List<Long> heads = new ArrayList<>();
        try (PreparedStatement claim = c.prepareStatement(CLAIM_HEADS)) {
            claim.setInt(1, config.relay().batchSize());
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    heads.add(rows.getLong(1));
                }
            }
        }
        Map<String, Deque<Row>> keys = new LinkedHashMap<>();
        if (heads.isEmpty()) {
            return keys;
        }
        try (PreparedStatement claim = c.prepareStatement(CLAIM_KEYS)) {
            claim.setArray(1, c.createArrayOf("bigint", heads.toArray()));
            claim.setInt(2, config.relay().batchSize());
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    Row row = new Row(rows.getLong("id"), rows.getString("topic"), rows.getString("message_key"),
                            rows.getInt("attempts"), CloudEventRecord.of(rows, config.source()));
                    keys.computeIfAbsent(row.key(), k -> new ArrayDeque<>()).add(row);
                }
            }
        }
        return keys;
    }

    private static Future<RecordMetadata> send(Producer<String, byte[]> producer, Row row) {
        try {
            return producer.send(row.record());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** @return null when acknowledged, else why not */
    private RelayFailure outcome(Row row, Future<RecordMetadata> acknowledgement, Map<String, RelayFailure> topicsFailed) {
        try {
            acknowledgement.get(acknowledgementTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RelayFailure.BROKER_UNAVAILABLE;
        } catch (ExecutionException | TimeoutException e) {
            RelayFailure failure = RelayFailure.of(e);
            LOG.debugf("Outbox row %d (topic %s) refused: %s", row.id(), row.topic(), e.getCause() != null ? e.getCause().getClass().getName() : e.getClass().getName());
            if (failure == RelayFailure.TIMEOUT) {
                failure = probe(row.topic());
            }
            if (failure == RelayFailure.UNKNOWN_TOPIC || failure == RelayFailure.INVALID_TOPIC || failure == RelayFailure.NOT_AUTHORIZED) {
                topicsFailed.put(row.topic(), failure); // its other rows of this pass fail alike, without waiting again
                knownTopics.remove(row.topic()); // deleted since, or refused: described again before the next send
            }
            return failure;
        }
    }

    /**
     * Whether the rows of a topic can be handed to the producer. A send to a topic the broker does not have blocks
     * the relay's thread for {@code max.block.ms} (every other row waits), so a topic is described once before its
     * first send, and again after a send to it timed out.
     *
     * @return null when the topic exists, else why its rows cannot go out (the same for its other rows of the pass)
     */
    private RelayFailure topicCheck(String topic, Map<String, RelayFailure> topicsFailed) {
        RelayFailure failed = topicsFailed.get(topic);
        if (failed != null || knownTopics.contains(topic)) {
            return failed;
        }
        RelayFailure found = probe(topic);
        if (found == RelayFailure.TIMEOUT) { // described: it exists
            knownTopics.add(topic);
            return null;
        }
        if (found != RelayFailure.BROKER_UNAVAILABLE) {
            topicsFailed.put(topic, found);
        }
        return found;
    }

    /** Tells a missing topic from a broker that does not answer; a timeout with both fine is the row's own. */
    private RelayFailure probe(String topic) {
        try {
            admin().describeTopics(List.of(topic)).allTopicNames().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return RelayFailure.TIMEOUT;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return RelayFailure.UNKNOWN_TOPIC;
            }
            RelayFailure failure = RelayFailure.of(e.getCause());
            return failure == RelayFailure.TIMEOUT ? RelayFailure.BROKER_UNAVAILABLE : failure;
        } catch (TimeoutException | RuntimeException e) {
            return RelayFailure.BROKER_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RelayFailure.BROKER_UNAVAILABLE;
        }
    }

    private void recordFailure(Connection c, Row row, RelayFailure failure) throws SQLException {
        int attempts = row.attempts() + 1;
        boolean park = failure.permanent || attempts >= config.relay().maxAttempts();
        try (PreparedStatement update = c.prepareStatement("""
                update outbox_event set attempts = ?, last_failure = ?,
                    next_attempt_at = now() + make_interval(secs => ?), parked_at = case when ? then now() end
                where id = ?""")) {
            update.setInt(1, attempts);
            update.setString(2, failure.name());
            update.setDouble(3, backoff(attempts).toMillis() / 1000.0);
            update.setBoolean(4, park);
            update.setLong(5, row.id());
            update.executeUpdate();
        }
        if (park) {
            metrics.parked(row.topic());
            LOG.warnf("Outbox row %d (topic %s) parked after %d attempt(s): %s", row.id(), row.topic(), attempts, failure);
        } else {
            LOG.infof("Outbox row %d (topic %s) not published (%s), attempt %d; next in %s", row.id(), row.topic(), failure,
                    attempts, backoff(attempts));
        }
    }

    private Duration backoff(int attempts) {
        Duration wait = config.relay().retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(config.relay().retryBackoffMax()) > 0 ? config.relay().retryBackoffMax() : wait;
    }

    private static void markPublished(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("update outbox_event set published_at = now() where id = any(?)")) {
            update.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            update.executeUpdate();
        }
        ids.clear();
    }

    /**
     * @return true when this instance should relay but has completed no pass for {@code stuck-after}: the database
     * or every broker is unreachable, or the relay thread is gone
     */
    public boolean stuck() {
        return config.relay().enabled() && Duration.between(lastPass, Instant.now()).compareTo(config.relay().stuckAfter()) > 0;
    }

    /** Published outbox rows after the relay's retention; inbox rows after the consumers' (no redelivery can be older). */
    private void removeOldRows() throws SQLException {
        Instant now = Instant.now();
        if (now.isBefore(nextCleaning)) {
            return;
        }
        nextCleaning = now.plus(Duration.ofMinutes(1));
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            actAsRelay(c);
            try (PreparedStatement delete = c.prepareStatement(
                    "delete from outbox_event where published_at < now() - make_interval(secs => ?)")) {
                delete.setLong(1, config.relay().retention().toSeconds());
                delete.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement(
                    "delete from inbox_message where processed_at < now() - make_interval(secs => ?)")) {
                delete.setLong(1, config.consumer().inboxRetention().toSeconds());
                delete.executeUpdate();
            }
            c.commit();
        }
    }

    /** Reads the backlog, the oldest unpublished row's age and the parked rows per topic (at most every metrics interval unless forced). */
    void refreshMetrics(boolean force) throws SQLException {
        Instant now = Instant.now();
        if (!force && now.isBefore(nextMetrics)) {
            return;
        }
        nextMetrics = now.plus(config.relay().metricsInterval());
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            actAsRelay(c);
            try (PreparedStatement read = c.prepareStatement("""
                    select topic, count(*) filter (where parked_at is null),
                           coalesce(extract(epoch from now() - min(occurred_at) filter (where parked_at is null)), 0),
                           count(*) filter (where parked_at is not null)
                    from outbox_event where published_at is null group by topic""");
                 ResultSet rows = read.executeQuery()) {
                Map<String, long[]> topics = new HashMap<>();
                while (rows.next()) {
                    topics.put(rows.getString(1), new long[] {rows.getLong(2), (long) rows.getDouble(3), rows.getLong(4)});
                }
                metrics.update(topics);
            }
            c.commit();
        }
    }

    /** The relay works across tenants: it says so for its own transaction only (see the outbox RLS policy). */
    private static void actAsRelay(Connection c) throws SQLException {
        try (Statement relay = c.createStatement()) {
            relay.execute("select set_config('oubli.outbox_relay', 'on', true)");
        }
    }

    /** A producer with the service's {@code kafka.*} settings, then {@code oubli.outbox.producer.*}, then the fixed ones. */
    Producer<String, byte[]> newProducer() {
        return new KafkaProducer<>(producerSettings);
    }

    Map<String, Object> producerSettings() {
        return Map.copyOf(producerSettings);
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> settings = new HashMap<>();
        Set<String> known = ProducerConfig.configNames();
        kafka.forEach((name, value) -> {
            if (known.contains(name)) {
                settings.put(name, value);
            }
        });
        // Bounded waits: a missing topic or a silent broker fails a send within seconds, not a minute.
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        settings.putAll(config.producer());
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, config.source() + "-outbox-relay");
        // Set explicitly, never left to defaults or configuration: no loss, no duplicates from producer retries.
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return settings;
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>();
            Set<String> known = AdminClientConfig.configNames();
            producerSettings.forEach((name, value) -> {
                if (known.contains(name)) {
                    settings.put(name, value);
                }
            });
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, config.source() + "-outbox-relay-probe");
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
            admin = Admin.create(settings);
        }
        return admin;
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Row(long id, String topic, String messageKey, int attempts,
                       ProducerRecord<String, byte[]> record) {
        String key() {
            return topic + '\u0000' + messageKey;
        }
    }

    /** A row of a round: sent (its acknowledgement to wait for), or already failed. */
    private record Sending(Row row, Future<RecordMetadata> acknowledgement, RelayFailure failure) {
    }

    /** No broker answered: the pass committed what was acknowledged and the relay waits before the next. */
    static final class BrokerUnavailableException extends RuntimeException {
        BrokerUnavailableException() {
            super("no Kafka broker answered", null, false, false);
        }
    }
}

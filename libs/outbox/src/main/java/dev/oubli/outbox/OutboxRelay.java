package dev.oubli.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes committed outbox rows to Kafka, on a thread of its own.
 * <ul>
 * <li>Claims the oldest pending rows with {@code FOR UPDATE SKIP LOCKED}, so several instances share the
 * work, and never a row while an older row of the same topic and key is still pending: per-key order
 * holds across instances.</li>
 * <li>Marks rows published in the claiming transaction, only after the broker acknowledged every
 * record (idempotent producer, {@code acks=all}). A crash in between publishes them again: consumers
 * skip the duplicate through their inbox.</li>
 * <li>Sleeps on PostgreSQL {@code LISTEN outbox_event} (a trigger notifies at commit), with the poll
 * interval as fallback; removes published rows older than the retention.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CLAIM = """
            select id, tenant_id, event_id, topic, message_key, event_type, payload, occurred_at
            from outbox_event o
            where published_at is null
              and not exists (select 1 from outbox_event older
                              where older.topic = o.topic and older.message_key = o.message_key
                                and older.published_at is null and older.id < o.id)
            order by id
            limit ?
            for update skip locked""";

    private final AgroalDataSource database;
    private final OutboxConfig config;
    private volatile Thread worker;
    private volatile boolean running;
    private Instant nextCleaning = Instant.EPOCH;

    OutboxRelay(AgroalDataSource database, OutboxConfig config) {
        this.database = database;
        this.config = config;
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
        Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig());
        try {
            while (running) {
                try (Connection listener = database.getConnection()) {
                    try (Statement listen = listener.createStatement()) {
                        listen.execute("listen outbox_event");
                    }
                    PGConnection notifications = listener.unwrap(PGConnection.class);
                    while (running) {
                        int published;
                        do {
                            published = publishBatch(producer);
                        } while (running && published == config.relay().batchSize());
                        removePublishedRows();
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
        }
    }

    /** @return how many events were published */
    int publishBatch(Producer<String, byte[]> producer) throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                actAsRelay(c);
                List<Long> claimed = new ArrayList<>();
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
                    claim.setInt(1, config.relay().batchSize());
                    try (ResultSet rows = claim.executeQuery()) {
                        while (rows.next()) {
                            claimed.add(rows.getLong("id"));
                            sent.add(producer.send(CloudEventRecord.of(rows, config.source())));
                        }
                    }
                }
                if (claimed.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                awaitAcknowledgements(sent);
                try (PreparedStatement markPublished = c.prepareStatement(
                        "update outbox_event set published_at = now() where id = any(?)")) {
                    markPublished.setArray(1, c.createArrayOf("bigint", claimed.toArray()));
                    markPublished.executeUpdate();
                }
                c.commit();
                return claimed.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void awaitAcknowledgements(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> acknowledgement : sent) {
            try {
                acknowledgement.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the broker did not acknowledge an outbox event", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            }
        }
    }

    private void removePublishedRows() throws SQLException {
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
            c.commit();
        }
    }

    /** The relay works across tenants: it says so for its own transaction only (see the outbox RLS policy). */
    private static void actAsRelay(Connection c) throws SQLException {
        try (Statement relay = c.createStatement()) {
            relay.execute("select set_config('oubli.outbox_relay', 'on', true)");
        }
    }

    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, config.source() + "-outbox-relay",
                // Set explicitly, never left to defaults: no loss, no duplicates from producer retries.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

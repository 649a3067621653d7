package dev.oubli.outbox;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.Topics;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At start-up, before the owner reports ready, reads the ledger of erasures ({@link Topics#PRIVACY_ERASURE_LEDGER})
 * from its beginning to its end as of then, without a consumer group, and hands every erasure to the owner's
 * {@link ErasureReapplication}, one tenant transaction each (docs/adr/0052). The ledger lives in Kafka, not in a
 * database that a restore rewinds; whether an erasure is reflected lives in the owner's database (its per-request
 * outcome), restored together with the data it describes: so exactly the erasures newer than the restored data are
 * applied again. A service without an {@link ErasureReapplication} bean (no personal data of its own) is ready at once.
 * While Kafka or the database is unreachable the replay waits and tries again; readiness stays DOWN
 * ({@link ErasureLedgerReadiness}).
 */
@ApplicationScoped
public class ErasureLedgerReplay {

    private static final Logger LOG = Logger.getLogger(ErasureLedgerReplay.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final Instance<ErasureReapplication> owner;
    private final TenantTransactions transactions;
    private final Map<String, Object> consumerSettings;
    private final boolean enabled;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong reapplied = new AtomicLong();
    private volatile boolean done;
    private volatile boolean stopping;
    private Thread worker;

    ErasureLedgerReplay(Instance<ErasureReapplication> owner, TenantTransactions transactions,
                        @Identifier("default-kafka-broker") Map<String, Object> kafka,
                        @ConfigProperty(name = "oubli.erasure-ledger.replay", defaultValue = "true") boolean enabled,
                        @ConfigProperty(name = "quarkus.application.name") String application) {
        this.owner = owner;
        this.transactions = transactions;
        this.enabled = enabled;
        Map<String, Object> settings = new HashMap<>();
        Set<String> known = ConsumerConfig.configNames();
        // The service's kafka.* settings (bootstrap servers, TLS, SASL), then the fixed ones: no group, no commits.
        kafka.forEach((name, value) -> {
            if (known.contains(name)) {
                settings.put(name, value);
            }
        });
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, application + "-erasure-ledger");
        this.consumerSettings = Map.copyOf(settings);
    }

    void onStart(@Observes StartupEvent start) {
        if (!enabled || !owner.isResolvable()) {
            done = true;
            return;
        }
        worker = new Thread(this::replayUntilDone, "erasure-ledger-replay");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** Erasures read from the ledger by the start-up pass so far. */
    long read() {
        return read.get();
    }

    /** Erasures applied again since start-up. */
    long reapplied() {
        return reapplied.get();
    }

    /** True once every erasure the ledger held at start-up is reflected in this owner's data. */
    public boolean done() {
        return done;
    }

    private void replayUntilDone() {
        while (!stopping) {
            try {
                replay();
                done = true;
                LOG.infof("Erasure ledger read: %d erasure(s), %d applied again", read.get(), reapplied.get());
                return;
            } catch (RuntimeException failed) { // Kafka or the database unreachable: a restarted platform comes back
                LOG.warnf("Erasure ledger not replayed yet (%s); trying again", failed.getClass().getSimpleName());
            }
            read.set(0);
            try {
                Thread.sleep(RETRY_AFTER.toMillis());
            } catch (InterruptedException interrupted) {
                return;
            }
        }
    }

    /**
     * Every erasure of the ledger from its beginning to its end as of now, each one applied again where this owner's
     * data lacks it. Blocking: at start-up on a thread of its own; tests call it directly.
     *
     * @return how many erasures this pass applied again
     * @throws RuntimeException when Kafka or the database cannot be reached (nothing half-applied: one transaction per erasure)
     */
    public long replay() {
        if (!owner.isResolvable()) {
            return 0;
        }
        long before = reapplied.get();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerSettings)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PRIVACY_ERASURE_LEDGER, READ_TIMEOUT).stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
            if (partitions.isEmpty()) {
                // A platform whose topics were created before the ledger existed: no erasure was recorded in it yet.
                LOG.warnf("Erasure ledger: the topic %s does not exist; nothing to apply again (create it: ./dev down kafka && ./dev up kafka)",
                        Topics.PRIVACY_ERASURE_LEDGER);
                return 0;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition, READ_TIMEOUT) < end.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        reapply(record);
                    }
                }
                if (stopping) {
                    throw new IllegalStateException("stopping");
                }
            }
        }
        return reapplied.get() - before;
    }

    private void reapply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone: the tenant's entries were withdrawn from the ledger
        }
        IncomingEvent event;
        PrivacyRequestSubmitted erasure;
        try {
            event = IncomingEvent.of(record);
            if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
                return;
            }
            erasure = event.read(PrivacyRequestSubmitted.class);
        } catch (IncomingEvent.UnreadableEventException unreadable) {
            LOG.warnf("Erasure ledger record %d of partition %d skipped: %s", record.offset(), record.partition(), unreadable.getMessage());
            return;
        }
        if (erasure.requestType() != RequestType.ERASURE) {
            return;
        }
        read.incrementAndGet();
        boolean appliedNow;
        try {
            appliedNow = VertxContextSupport.subscribeAndAwait(() ->
                    transactions.inTransaction(event.tenant(), () -> owner.get().reapply(event.tenant(), erasure)));
        } catch (Throwable failed) {
            throw new IllegalStateException("erasure " + erasure.requestId() + " not applied again", failed);
        }
        if (appliedNow) {
            reapplied.incrementAndGet();
            LOG.infof("Erasure %s of tenant %s applied again: this owner's data predated it (restored backup)",
                    erasure.requestId(), event.tenant());
        }
    }
}

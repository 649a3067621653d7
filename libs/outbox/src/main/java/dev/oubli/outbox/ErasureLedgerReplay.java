package dev.oubli.outbox;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.Topics;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At start-up, before the owner reports ready, reads the ledger of erasures ({@link Topics#PRIVACY_ERASURE_LEDGER})
 * without a consumer group, from where the last pass stopped to its end as of then, and hands every erasure to the
 * owner's {@link ErasureReapplication} (docs/adr/0052, 0060). The ledger lives in Kafka, not in a database that a
 * restore rewinds; what is reflected lives in the owner's database, restored together with the data it describes: the
 * per-request outcome, and the pass's {@link ErasureLedgerPosition}. A restore of an older backup rewinds the position,
 * so the next start reads again the erasures newer than the restored data, and applies those the data lacks; an
 * ordinary start reads only the erasures recorded since the last one. A service without an
 * {@link ErasureReapplication} bean (no personal data of its own) is ready at once. While Kafka or the database is
 * unreachable the replay waits and tries again; readiness stays DOWN ({@link ErasureLedgerReadiness}).
 */
@ApplicationScoped
public class ErasureLedgerReplay {

    private static final Logger LOG = Logger.getLogger(ErasureLedgerReplay.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final Instance<ErasureReapplication> owner;
    private final TenantTransactions transactions;
    private final ErasureLedgerPosition position;
    private final Map<String, Object> consumerSettings;
    private final boolean enabled;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong reapplied = new AtomicLong();
    private volatile boolean done;
    private volatile boolean stopping;
    private Thread worker;

    ErasureLedgerReplay(Instance<ErasureReapplication> owner, TenantTransactions transactions, ErasureLedgerPosition position,
                        @Identifier("default-kafka-broker") Map<String, Object> kafka,
                        @ConfigProperty(name = "oubli.erasure-ledger.replay", defaultValue = "true") boolean enabled,
                        @ConfigProperty(name = "quarkus.application.name") String application) {
        this.owner = owner;
        this.transactions = transactions;
        this.position = position;
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
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
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
                LOG.warnf("Erasure ledger not replayed yet (%s); trying again", causes(failed));
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
     * Every erasure of the ledger from where the last pass stopped ({@link ErasureLedgerPosition}; the beginning the
     * first time, and again after a restore that rewound it) to its end as of now, each one applied again where this
     * owner's data lacks it. A page of records (one poll) costs one transaction per tenant in it, then the position moves
     * past it. Blocking: at start-up on a thread of its own; tests call it directly.
     *
     * @return how many erasures this pass applied again
     * @throws RuntimeException when Kafka or the database cannot be reached (nothing half-applied: a tenant's part of a
     *                          page commits whole, and the position moves only after it)
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
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            seekToStoredPositions(consumer, partitions, end);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition, READ_TIMEOUT) < end.get(partition))) {
                Map<TenantId, List<PrivacyRequestSubmitted>> page = new LinkedHashMap<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        erasureIn(record).ifPresent(erasure -> page.computeIfAbsent(erasure.tenant(), tenant -> new ArrayList<>())
                                .add(erasure.request()));
                    }
                }
                page.forEach(this::reapply);
                Map<Integer, Long> reached = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    reached.put(partition.partition(), Math.min(consumer.position(partition, READ_TIMEOUT), end.get(partition)));
                }
                await(() -> position.save(reached));
                if (stopping) {
                    throw new IllegalStateException("stopping");
                }
            }
        }
        return reapplied.get() - before;
    }

    /** Each partition from the stored position; from its beginning when none is stored, or one beyond its end (a new topic). */
    private void seekToStoredPositions(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        Map<Integer, Long> stored = await(position::read);
        for (TopicPartition partition : partitions) {
            Long from = stored.get(partition.partition());
            if (from == null || from > end.get(partition)) {
                if (from != null) {
                    LOG.warnf("Erasure ledger: stored position %d of partition %d is past its end %d (a new topic?); reading it from its beginning",
                            from, partition.partition(), end.get(partition));
                }
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, from); // below the log's start (records deleted): auto.offset.reset=earliest
            }
        }
    }

    private record LedgerErasure(TenantId tenant, PrivacyRequestSubmitted request) {
    }

    private Optional<LedgerErasure> erasureIn(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty(); // a tombstone: the tenant's entries were withdrawn from the ledger
        }
        try {
            IncomingEvent event = IncomingEvent.of(record);
            if (event.contract().filter(EventType.PRIVACY_REQUEST_SUBMITTED::equals).isEmpty()) {
                return Optional.empty();
            }
            PrivacyRequestSubmitted request = event.read(PrivacyRequestSubmitted.class);
            if (request.requestType() != RequestType.ERASURE) {
                return Optional.empty();
            }
            read.incrementAndGet();
            return Optional.of(new LedgerErasure(event.tenant(), request));
        } catch (IncomingEvent.UnreadableEventException unreadable) {
            LOG.warnf("Erasure ledger record %d of partition %d skipped: %s", record.offset(), record.partition(), unreadable.getMessage());
            return Optional.empty();
        }
    }

    /** A tenant's erasures of a page, in ledger order, in one transaction of that tenant. */
    private void reapply(TenantId tenant, List<PrivacyRequestSubmitted> erasures) {
        List<Boolean> appliedNow = await(() -> transactions.inTransaction(tenant, () -> Multi.createFrom().iterable(erasures)
                .onItem().transformToUniAndConcatenate(erasure -> owner.get().reapply(tenant, erasure))
                .collect().asList()));
        for (int i = 0; i < erasures.size(); i++) {
            if (appliedNow.get(i)) {
                reapplied.incrementAndGet();
                LOG.infof("Erasure %s of tenant %s applied by the ledger pass: this owner's data did not record it (a restored "
                                + "backup, or an erasure in flight when the service stopped)",
                        erasures.get(i).requestId(), tenant);
            }
        }
    }

    /** The classes of a failure and its causes, outermost first: never their messages, which may quote row values. */
    static String causes(Throwable failed) {
        StringBuilder names = new StringBuilder(failed.getClass().getSimpleName());
        Throwable cause = failed.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            names.append(" < ").append(cause.getClass().getSimpleName());
        }
        return names.toString();
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable failed) {
            throw new IllegalStateException("the erasure ledger's database work failed", failed);
        }
    }
}

package dev.oubli.outbox;

import dev.oubli.events.CloudEventHeaders;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class OutboxTest {

    static final String TOPIC = "outbox.test.v1";
    static final String TYPE = "dev.oubli.test.parcel-shipped.v1";
    final TenantId tenant = new TenantId(UUID.randomUUID());

    /** A test event: ids only, as every real one. */
    record ParcelShipped(UUID parcelId, int sequence) {
    }

    @Inject
    Outbox outbox;

    @Inject
    Inbox inbox;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry metrics;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    TenantTransactions transactions;

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
    void publishesACommittedEventWithItsCloudEventsAttributes() {
        UUID parcel = UUID.randomUUID();
        UUID eventId = await(() -> transactions.inTransaction(tenant, () -> shipParcel(parcel, 1)));

        List<ConsumerRecord<String, byte[]>> received = receive(parcel.toString(), 1, Duration.ofSeconds(15));

        ConsumerRecord<String, byte[]> record = received.get(0);
        assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(eventId.toString());
        assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(TYPE);
        assertThat(header(record, CloudEventHeaders.TENANT_ID)).isEqualTo(tenant.toString());
        assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/outbox-test");
        assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(Instant.parse(header(record, CloudEventHeaders.TIME))).isBefore(Instant.now());
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"parcelId\":\"" + parcel + "\",\"sequence\":1}");
    }

    @Test
    void aTombstoneIsPublishedAfterTheKeysEventsWithANullValueAndItsCloudEventsAttributes() {
        UUID parcel = UUID.randomUUID();
        await(() -> transactions.inTransaction(tenant, () -> shipParcel(parcel, 1)));
        UUID tombstoneId = await(() -> transactions.inTransaction(tenant, () ->
                outbox.appendTombstone(tenant, TOPIC, parcel.toString(), TYPE)));

        List<ConsumerRecord<String, byte[]>> received = receive(parcel.toString(), 2, Duration.ofSeconds(15));

        assertThat(received).hasSize(2);
        assertThat(received.get(0).value()).isNotNull();
        ConsumerRecord<String, byte[]> tombstone = received.get(1);
        assertThat(tombstone.value()).isNull();
        assertThat(header(tombstone, CloudEventHeaders.ID)).isEqualTo(tombstoneId.toString());
        assertThat(header(tombstone, CloudEventHeaders.TENANT_ID)).isEqualTo(tenant.toString());
    }

    @Test
    void aTransactionThatFailsAfterWritingItsEventPublishesNothing() {
        UUID parcel = UUID.randomUUID();
        assertThatThrownBy(() -> await(() -> transactions.inTransaction(tenant, () -> shipParcel(parcel, 1)
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the business rule failed"))))))
                .hasMessageContaining("business rule failed");
        UUID committed = UUID.randomUUID();
        await(() -> transactions.inTransaction(tenant, () -> shipParcel(committed, 1)));

        // The later, committed event arrives; the rolled-back one never does.
        receive(committed.toString(), 1, Duration.ofSeconds(15));
        assertThat(receive(parcel.toString(), 0, Duration.ofSeconds(2))).isEmpty();
        assertThat(count("select count(*) from parcel where id = '" + parcel + "'")).isZero();
    }

    @Test
    void anEventCommittedWhileTheRelayIsStoppedIsPublishedWhenItRestarts() {
        relay.stop();
        UUID parcel = UUID.randomUUID();
        await(() -> transactions.inTransaction(tenant, () -> shipParcel(parcel, 1)));
        assertThat(receive(parcel.toString(), 0, Duration.ofSeconds(2))).isEmpty();

        relay.start();

        assertThat(receive(parcel.toString(), 1, Duration.ofSeconds(15))).hasSize(1);
    }

    @Test
    void aStoppedRelayClosesItsProducerWithoutAnUncaughtException() throws Exception {
        List<Throwable> uncaught = new ArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            synchronized (uncaught) {
                uncaught.add(e);
            }
        });
        try {
            OutboxRelay second = new OutboxRelay(dataSource, config, metrics, kafka);
            second.start();
            Thread.sleep(config.relay().pollInterval().multipliedBy(2).toMillis()); // waiting for notifications
            second.stop(); // interrupts, then waits for the thread to end
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        synchronized (uncaught) {
            assertThat(uncaught).isEmpty();
        }
    }

    @Test
    void eventsOfOneKeyArriveInOrderEvenWithTwoRelays() {
        OutboxRelay second = new OutboxRelay(dataSource, config, metrics, kafka);
        second.start();
        try {
            UUID parcel = UUID.randomUUID();
            for (int sequence = 1; sequence <= 40; sequence++) {
                int next = sequence;
                await(() -> transactions.inTransaction(tenant, () -> shipParcel(parcel, next)));
            }
            List<ConsumerRecord<String, byte[]>> received = receive(parcel.toString(), 40, Duration.ofSeconds(20));
            assertThat(received).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 40)
                            .mapToObj(i -> "{\"parcelId\":\"" + parcel + "\",\"sequence\":" + i + "}").toList());
        } finally {
            second.stop();
        }
    }

    @Test
    void theInboxRecognisesARedeliveryAndForgetsWhatARollbackUndid() {
        UUID eventId = UUID.randomUUID();
        assertThat(await(() -> transactions.inTransaction(tenant, () -> inbox.firstDelivery(tenant, "test-consumer", eventId)))).isTrue();
        assertThat(await(() -> transactions.inTransaction(tenant, () -> inbox.firstDelivery(tenant, "test-consumer", eventId)))).isFalse();
        assertThat(await(() -> transactions.inTransaction(tenant, () -> inbox.firstDelivery(tenant, "another-consumer", eventId)))).isTrue();

        UUID undone = UUID.randomUUID();
        assertThatThrownBy(() -> await(() -> transactions.inTransaction(tenant, () -> inbox.firstDelivery(tenant, "test-consumer", undone)
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the effect failed"))))));
        assertThat(await(() -> transactions.inTransaction(tenant, () -> inbox.firstDelivery(tenant, "test-consumer", undone)))).isTrue();
    }

    private Uni<UUID> shipParcel(UUID parcel, int sequence) {
        Uni<Integer> insert = sequence == 1
                ? Panache.getSession().chain(s -> s.createNativeQuery("insert into parcel (tenant_id, id) values (:tenant, :id)")
                        .setParameter("tenant", tenant.value()).setParameter("id", parcel).executeUpdate())
                : Uni.createFrom().item(0);
        return insert.chain(() -> outbox.append(tenant, TOPIC, parcel.toString(), TYPE, new ParcelShipped(parcel, sequence)));
    }

    private List<ConsumerRecord<String, byte[]>> receive(String key, int expected, Duration patience) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline) && (expected == 0 || received.size() < expected)) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (key.equals(record.key())) {
                    received.add(record);
                }
            });
        }
        assertThat(received).as("records of key " + key).hasSize(expected);
        return received;
    }

    private long count(String sql) {
        return await(() -> transactions.inTransaction(tenant, () -> Panache.getSession()
                .chain(s -> s.createNativeQuery(sql, Long.class).getSingleResult())));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }
}

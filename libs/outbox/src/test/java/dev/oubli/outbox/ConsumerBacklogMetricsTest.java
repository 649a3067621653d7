package dev.oubli.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consumer lag and dead-letter records are gauges an operator can alert on (docs/adr/0042). The test application
 * declares a channel on outbox.test.v1 whose group never reads (application.properties) and uses the same topic as
 * its dead-letter topic.
 */
@QuarkusTest
class ConsumerBacklogMetricsTest {

    static final String GROUP = "outbox-test-backlog";

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theLagOfEachConsumedTopicAndTheRecordsOfEachDeadLetterTopicAreGauges() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(CloudEventTopics.settings(bootstrapServers, Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(OutboxTest.TOPIC, UUID.randomUUID().toString(), new byte[] {1})).get();
            }
        }
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(gauge("oubli.events.consumer.lag", "group", GROUP)).isGreaterThanOrEqualTo(3);
            assertThat(gauge("oubli.events.dead-letter.records", "topic", OutboxTest.TOPIC)).isGreaterThanOrEqualTo(3);
        });

        commitTheEnd();

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(gauge("oubli.events.consumer.lag", "group", GROUP)).isZero());
    }

    private double gauge(String name, String tag, String value) {
        Gauge gauge = metrics.find(name).tag(tag, value).gauge();
        assertThat(gauge).as(name).isNotNull();
        return gauge.value();
    }

    /** The group catches up: its committed offsets are the end of every partition. */
    private void commitTheEnd() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(CloudEventTopics.settings(bootstrapServers, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(OutboxTest.TOPIC).stream()
                    .map(p -> new TopicPartition(OutboxTest.TOPIC, p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            consumer.endOffsets(partitions).forEach((partition, offset) -> end.put(partition, new OffsetAndMetadata(offset)));
            consumer.commitSync(end);
        }
    }
}

package dev.oubli.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Everything written to every topic of the broker from a point in time: keys, headers and values, as text. */
final class KafkaRecordings implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    private KafkaRecordings(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        this.consumer = consumer;
        this.partitions = partitions;
    }

    static KafkaRecordings fromNow() throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin admin = Admin.create(Suite.kafkaClient(Map.of()))) {
            var topics = admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get();
            topics.values().forEach(topic -> topic.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        }
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Suite.kafkaClient(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return new KafkaRecordings(consumer, partitions);
    }

    /** Reads up to the current end of every partition. */
    List<String> everythingWrittenSince() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<String> records = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)
                && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                StringBuilder text = new StringBuilder(record.topic()).append('|').append(text(record.key()));
                for (Header header : record.headers()) {
                    text.append('|').append(header.key()).append('=').append(text(header.value()));
                }
                records.add(text.append('|').append(text(record.value())).toString());
            }
        }
        return records;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

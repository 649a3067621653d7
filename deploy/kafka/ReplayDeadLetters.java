import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.FileReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Re-injects the records of a dead-letter topic into the topic they were dead-lettered from, after the cause was fixed
 * (docs/adr/0042): ./dev replay-dlq <topic>. Each record goes back with its key, value and CloudEvents headers (the
 * same ce_id, so a consumer that had applied it skips it through its inbox); the connector's dead-letter-* headers are
 * dropped. The consumer group oubli-dlq-replay remembers how far the dead-letter topic was replayed: a record is
 * re-injected once, and a record dead-lettered again lands behind that mark, for the next replay.
 * Prints counts only, never a record. Run as a single-file program: java -cp kafka-libs ReplayDeadLetters.java ...
 */
public class ReplayDeadLetters {

    private static final String GROUP = "oubli-dlq-replay";

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ReplayDeadLetters <client.properties> <topic or topic.dlq>");
        }
        // bootstrap.servers and the SASL settings of the broker's super user (./dev writes them, docs/adr/0033)
        Properties client = new Properties();
        try (FileReader reader = new FileReader(args[0])) {
            client.load(reader);
        }
        String topic = args[1].endsWith(".dlq") ? args[1].substring(0, args[1].length() - 4) : args[1];
        String deadLetters = topic + ".dlq";
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(with(client, Map.of(
                     ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                     ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                     ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(with(client, Map.of(
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetters, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(deadLetters, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("no such dead-letter topic: " + deadLetters);
            }
            consumer.assign(partitions);
            // What is there now; records dead-lettered while this runs wait for the next replay.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            int replayed = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    Header origin = record.headers().lastHeader("dead-letter-topic");
                    String target = origin == null ? topic : new String(origin.value(), StandardCharsets.UTF_8);
                    ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(target, null, record.key(), record.value());
                    for (Header header : record.headers()) {
                        if (!header.key().startsWith("dead-letter-")) {
                            again.headers().add(header);
                        }
                    }
                    producer.send(again).get();
                    replayed++;
                }
                // Committed after each batch was acknowledged: a crash replays at most that batch again (deduplicated).
                // Never beyond the end read at the start: later records were skipped, not replayed.
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                partitions.forEach(p -> done.put(p, new OffsetAndMetadata(Math.min(consumer.position(p), end.get(p)))));
                consumer.commitSync(done);
            }
            System.out.println(deadLetters + ": " + replayed + " record(s) re-injected into " + topic);
        }
    }

    private static Map<String, Object> with(Properties client, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>();
        client.stringPropertyNames().forEach(name -> all.put(name, client.getProperty(name)));
        all.putAll(settings);
        return all;
    }
}

package dev.oubli.e2e.fault;

import dev.oubli.e2e.Platform;
import dev.oubli.e2e.Suite;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replay path of the fault campaign (issue 17 item 2, docs/adr/0050): privacy-service cannot record export chunks
 * (its role lost INSERT on {@code export_chunk}: a fault no retry fixes), so an ACCESS request's chunks are
 * dead-lettered and counted, and its export waits. Once the grant is back, {@code ./dev replay-dlq privacy.exports.v1}
 * re-injects them: the export is assembled, once; a second replay re-injects nothing.
 */
class DeadLetterReplayIT {

    private static final String ROLE = "oubli_privacy_app";
    private static final String TOPIC = "privacy.exports.v1";

    @Test
    void deadLetteredExportChunksReplayedAfterTheFixAreAppliedExactlyOnce() throws Exception {
        String email = Fault.uniqueEmail();
        Fault.createContact(email);
        var deadLetterOffsets = Fault.deadLetterOffsets();
        double countedBefore = deadLettered();
        UUID request;
        long chunks;
        Instant replayed;
        try {
            Platform.psql(Fault.PRIVACY_DB, "revoke insert on export_chunk from " + ROLE);
            request = Fault.submit("ACCESS", email);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Fault.statuses(List.of(request)).getOrDefault("COMPLETED", 0) == 1);
            chunks = Fault.count(Fault.PRIVACY_DB, "select coalesce(sum((counts->>'chunks')::int), 0) from privacy_request_task"
                    + " where request_id = '" + request + "'");
            assertThat(chunks).as("chunks announced by the owners").isPositive();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Fault.deadLetteredSince(deadLetterOffsets, List.of(request)) >= chunks);
            assertThat(deadLettered() - countedBefore).as("oubli_events_dead_lettered_total{topic=%s}", TOPIC).isGreaterThanOrEqualTo(chunks);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    Fault.metric("privacy-service", "oubli_events_dead_letter_records", "topic=\"" + TOPIC + ".dlq\"") >= chunks);
            assertThat(assembled(request)).as("export assembled without its chunks").isZero();
        } finally {
            // The fix.
            Platform.psql(Fault.PRIVACY_DB, "grant insert on export_chunk to " + ROLE);
        }
        replayed = Instant.now();
        dev("replay-dlq", TOPIC);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> assembled(request) == 1);
        Duration recovery = Duration.between(replayed, Instant.now());
        assertThat(onTopic(request)).as("the chunks on %s: published, then replayed once", TOPIC).isEqualTo(2 * chunks);

        dev("replay-dlq", TOPIC);
        Thread.sleep(5_000);
        long assemblies = Fault.count(Fault.PRIVACY_DB, "select count(*) from audit_event where request_id = '" + request
                + "' and action = 'EXPORT_ASSEMBLED'");
        long onTopic = onTopic(request);
        new ScenarioTable("R3 " + chunks + " export chunks dead-lettered (INSERT revoked), replayed after the fix", 1,
                (int) assembled(request), assemblies - 1, chunks, recovery).print();
        assertThat(onTopic).as("a second replay re-injects nothing").isEqualTo(2 * chunks);
        assertThat(assemblies).as("export assembled once").isEqualTo(1);
        assertThat(Fault.deadLetteredSince(deadLetterOffsets, List.of(request))).as("dead-lettered, once each").isEqualTo(chunks);
    }

    private static long assembled(UUID request) throws Exception {
        return Fault.count(Fault.PRIVACY_DB, "select count(*) from export_bundle where request_id = '" + request
                + "' and assembled_at is not null");
    }

    private static double deadLettered() {
        return Fault.metric("privacy-service", "oubli_events_dead_lettered_total", "topic=\"" + TOPIC + "\"");
    }

    /** Records of the request on the chunks' topic, from its beginning. */
    private static long onTopic(UUID request) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Suite.kafkaClient(Map.of(
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName(),
                "enable.auto.commit", "false")))) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPIC).forEach(p -> partitions.add(new TopicPartition(TOPIC, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long found = 0;
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (request.toString().equals(record.key()) && record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        found++;
                    }
                }
            }
            return found;
        }
    }

    private static void dev(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Suite.ROOT.resolve("dev").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}

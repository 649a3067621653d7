package dev.oubli.e2e.fault;

import dev.oubli.e2e.Platform;
import dev.oubli.e2e.Suite;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R3 of the fault campaign (issue 17): a poison outbox row (a missing topic, a 2 MB payload) in privacy-service
 * and an unreadable record on each consumed topic. Each is parked or dead-lettered with a reason, visible in the
 * metrics, while another tenant's erasures complete as usual; {@code ./dev replay-dlq} re-injects dead letters.
 * Part of {@code ./dev test} (about 90 s; the campaign runs after the other ITs, docs/adr/0043).
 */
class PoisonIT {

    /** The type each consumed topic carries: a poison record claims it, so the listener reads (and fails on) its payload. */
    private static final Map<String, String> TYPES = Map.of(
            "privacy.requests.v1", "dev.oubli.privacy.request-submitted.v1",
            "privacy.task-results.v1", "dev.oubli.contacts.task-completed.v1",
            "privacy.consents.v1", "dev.oubli.privacy.consent-changed.v1",
            "privacy.exports.v1", "dev.oubli.contacts.export-chunk.v1");
    /** Each consumed topic and how many consumer groups of the suite read it at least (features add consumers). */
    private static final Map<String, Integer> CONSUMED = Map.of(
            "privacy.requests.v1", 3, // contacts-service, knowledge-service, privacy-service's consent ledger
            "privacy.task-results.v1", 1,
            "privacy.consents.v1", 1,
            "privacy.exports.v1", 1);
    private static final int OTHER_TENANTS_REQUESTS = 20;

    @Test
    void poisonOutboxRowsAreParkedWithAReasonAndOtherTenantsErasuresStillComplete() throws Exception {
        UUID poisonTenant = UUID.randomUUID();
        String missingTopicKey = UUID.randomUUID().toString();
        String oversizedKey = UUID.randomUUID().toString();
        try {
            Platform.psql(Fault.PRIVACY_DB, """
                    insert into outbox_event (tenant_id, event_id, topic, message_key, event_type, payload, occurred_at) values
                    ('%1$s', gen_random_uuid(), 'nope.v1', '%2$s', 'dev.oubli.fault.poison.v1', convert_to('{}', 'UTF8'), now()),
                    ('%1$s', gen_random_uuid(), 'privacy.requests.v1', '%3$s', 'dev.oubli.fault.poison.v1',
                     convert_to(repeat('x', 2097152), 'UTF8'), now())""".formatted(poisonTenant, missingTopicKey, oversizedKey));
            Instant poisoned = Instant.now();

            List<Duration> latencies = erasuresOfAcme();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    "TOO_LARGE|t".equals(outboxRow(oversizedKey)) && outboxRow(missingTopicKey).startsWith("NOT_AUTHORIZED|"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Fault.metric("privacy-service", "oubli_outbox_parked", "topic=\"privacy.requests.v1\"") >= 1);
            Duration recovery = Duration.between(poisoned, Instant.now());
            latencies.sort(null);
            Duration p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);

            new ScenarioTable("R3 poison outbox rows (missing topic, 2 MB) beside " + OTHER_TENANTS_REQUESTS
                    + " erasures of another tenant (p99 " + p99.toMillis() + " ms)", OTHER_TENANTS_REQUESTS, latencies.size(), 0,
                    Fault.count(Fault.PRIVACY_DB, "select count(*) from outbox_event where tenant_id = '" + poisonTenant
                            + "' and parked_at is not null"), recovery).print();
            assertThat(latencies).as("another tenant's erasures, completed").hasSize(OTHER_TENANTS_REQUESTS);
            assertThat(p99).as("p99 of another tenant's erasures during the poison (28 s when a missing topic blocked the relay)")
                    .isLessThan(Duration.ofSeconds(15));
        } finally {
            Platform.psql(Fault.PRIVACY_DB, "delete from outbox_event where tenant_id = '" + poisonTenant + "'");
        }
    }

    @Test
    void anUnreadableRecordOnEachConsumedTopicIsDeadLetteredWithAReasonCountedAndReplayable() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Double> countedBefore = deadLetteredByTopic();
        try (KafkaConsumer<String, byte[]> deadLetters = fromTheEnd(CONSUMED.keySet().stream().map(t -> t + ".dlq").toList());
             KafkaProducer<String, byte[]> producer = producer()) {
            for (String topic : CONSUMED.keySet()) {
                producer.send(poison(topic, key)).get();
            }

            Map<String, List<String>> reasons = receive(deadLetters, key, CONSUMED, Duration.ofSeconds(90));
            assertThat(reasons).as("dead-letter reasons by dead-letter topic").hasSize(CONSUMED.size());
            reasons.forEach((dlq, byGroup) -> assertThat(byGroup).as(dlq).hasSizeGreaterThanOrEqualTo(CONSUMED.get(dlq.replace(".dlq", "")))
                    .allSatisfy(reason -> assertThat(reason).startsWith("UNREADABLE")));
            // Each group dead-letters when it reaches the record: a group still catching up (the suite just started) later.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<String, Double> counted = deadLetteredByTopic();
                CONSUMED.forEach((topic, groups) -> assertThat(counted.getOrDefault(topic, 0.0) - countedBefore.getOrDefault(topic, 0.0))
                        .as("oubli_events_dead_lettered_total{topic=%s}", topic).isGreaterThanOrEqualTo(groups.doubleValue()));
            });

            // Replayed, the record goes back to its topic once, with its id; still poison, it is dead-lettered again.
            Instant replay = Instant.now();
            dev("replay-dlq", "privacy.task-results.v1");
            Map<String, List<String>> again = receive(deadLetters, key, Map.of("privacy.task-results.v1", 1), Duration.ofSeconds(60));
            new ScenarioTable("R3 an unreadable record on each of " + CONSUMED.size() + " consumed topics, then replay-dlq",
                    CONSUMED.size(), 0, 0, reasons.values().stream().mapToLong(List::size).sum(),
                    Duration.between(replay, Instant.now())).print();
            assertThat(again).as("the replayed record, dead-lettered again").containsOnlyKeys("privacy.task-results.v1.dlq");
        }
    }

    /**
     * Erasures of Acme while the poison is there. @return the time each took, from its receipt to its completion as
     * privacy-service recorded them (the test's own clock would add the time it spends submitting the others)
     */
    private static List<Duration> erasuresOfAcme() throws Exception {
        List<UUID> submitted = new ArrayList<>();
        for (int i = 0; i < OTHER_TENANTS_REQUESTS; i++) {
            String email = Fault.uniqueEmail();
            Fault.createContact(email);
            submitted.add(Fault.submit("ERASURE", email));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Fault.statuses(submitted).getOrDefault("COMPLETED", 0) == OTHER_TENANTS_REQUESTS);
        List<Duration> latencies = new ArrayList<>();
        for (String millis : Fault.rows(Fault.PRIVACY_DB, "select (extract(epoch from completed_at - received_at) * 1000)::bigint"
                + " from privacy_request where id = any(" + Fault.uuids(submitted) + ") and status = 'COMPLETED'")) {
            latencies.add(Duration.ofMillis(Long.parseLong(millis)));
        }
        return latencies;
    }

    /** @return "reason|parked" (t or f) of the poison row with this key */
    private static String outboxRow(String key) throws Exception {
        return Platform.psql(Fault.PRIVACY_DB, "select coalesce(last_failure, '') || '|' || (parked_at is not null)::text::char"
                + " from outbox_event where message_key = '" + key + "'").trim();
    }

    private static ProducerRecord<String, byte[]> poison(String topic, String key) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, "{not json".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_source", bytes("fault-campaign"))
                .add("ce_type", bytes(TYPES.get(topic)))
                .add("ce_tenantid", bytes(UUID.randomUUID().toString()));
        return record;
    }

    /** Dead-letter reasons of the records with this key, by dead-letter topic, once each topic has its expected count. */
    private static Map<String, List<String>> receive(KafkaConsumer<String, byte[]> consumer, String key, Map<String, Integer> expected,
                                                     Duration patience) {
        Map<String, List<String>> reasons = new HashMap<>();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline) && !expected.entrySet().stream()
                .allMatch(e -> reasons.getOrDefault(e.getKey() + ".dlq", List.of()).size() >= e.getValue())) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    Header reason = record.headers().lastHeader("dead-letter-reason");
                    reasons.computeIfAbsent(record.topic(), t -> new ArrayList<>())
                            .add(reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }

    private static Map<String, Double> deadLetteredByTopic() {
        Map<String, Double> counted = new HashMap<>();
        for (String topic : CONSUMED.keySet()) {
            counted.put(topic, Suite.DATABASE_SERVICES.stream()
                    .mapToDouble(service -> Fault.metric(service, "oubli_events_dead_lettered_total", "topic=\"" + topic + "\"")).sum());
        }
        return counted;
    }

    private static KafkaConsumer<String, byte[]> fromTheEnd(List<String> topics) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Suite.kafkaClient(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
        List<TopicPartition> partitions = new ArrayList<>();
        topics.forEach(topic -> consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Suite.kafkaClient(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    private static void dev(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Suite.ROOT.resolve("dev").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

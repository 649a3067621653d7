package dev.oubli.e2e.fault;

import dev.oubli.e2e.Keycloak;
import dev.oubli.e2e.Platform;
import dev.oubli.e2e.Suite;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * What the fault campaign does to the running suite and how it reads the outcome: straight from the services'
 * databases (as the superuser) and metrics, never from what the services say about themselves alone.
 */
final class Fault {

    static final String PRIVACY_DB = "oubli_privacy_test";
    static final String CONTACTS_DB = "oubli_contacts_test";
    static final String KNOWLEDGE_DB = "oubli_knowledge_test";
    /** Every service database with an outbox (libs/outbox). */
    static final List<String> OUTBOX_DBS = List.of(CONTACTS_DB, KNOWLEDGE_DB, PRIVACY_DB);
    private static final Map<String, Map.Entry<Instant, String>> TOKENS = new HashMap<>();
    private static final Pattern METRIC_LINE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+)$");

    private Fault() {
    }

    /**
     * How long a wait for a run's erasures may last: {@code atLeast} (what 1,000 needs; unchanged there), or a second per
     * 10 erasures if that is longer. At 10,000 (by hand) thousands of erasures are still in flight after the last fault,
     * and a restarted service has thousands of records before it: about 1,000 s, not the minutes fixed for 1,000.
     */
    static Duration waitFor(int erasures, Duration atLeast) {
        Duration scaled = Duration.ofSeconds(erasures / 10);
        return scaled.compareTo(atLeast) > 0 ? scaled : atLeast;
    }

    /** A subject address nobody else uses. */
    static String uniqueEmail() {
        return "fault." + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36) + "@example.test";
    }

    /** Straight to a service, as Acme's user of that role: the gateway's per-address budget is not what is tested here. */
    static RequestSpecification as(String service, String role) {
        return given().baseUri(Suite.url(service).toString()).auth().oauth2(token("acme-" + role));
    }

    /** A user's token, fetched again after a minute: thousands of requests need not cost thousands of logins. */
    private static synchronized String token(String user) {
        Map.Entry<Instant, String> token = TOKENS.get(user);
        if (token == null || token.getKey().isBefore(Instant.now().minusSeconds(60))) {
            token = Map.entry(Instant.now(), Keycloak.userToken(user));
            TOKENS.put(user, token);
        }
        return token.getValue();
    }

    /**
     * Creates {@code count} contacts of unique emails in one import (JSON Lines, one job, written in batches), their ids
     * into {@code ids}: the emails. A thousand single POSTs took minutes on the shared machine (docs/adr/0056); the
     * scenarios are about the erasures, not about creating their subjects.
     */
    static List<String> importContacts(int count, List<UUID> ids) throws IOException, InterruptedException {
        List<String> emails = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String email = uniqueEmail();
            emails.add(email);
            lines.append("{\"firstName\":\"Fault\",\"email\":\"").append(email).append("\"}\n");
        }
        String job = as("contacts-service", "contacts-editor").contentType("application/x-ndjson")
                .queryParam("lawfulBasis", "CONTRACT").queryParam("source", "e2e-fault").body(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/contact-imports").then().statusCode(202).extract().path("id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(5)).pollInterval(java.time.Duration.ofSeconds(1))
                .until(() -> List.of("COMPLETED", "FAILED").contains(importJob(job).getString("status")));
        var done = importJob(job);
        if (!"COMPLETED".equals(done.getString("status")) || done.getInt("progress.created") != count) {
            throw new IllegalStateException("the import of " + count + " contacts did not create them all: " + done.prettify());
        }
        rows(CONTACTS_DB, "select id from contact where email = any(" + texts(emails) + ")")
                .forEach(id -> ids.add(UUID.fromString(id)));
        if (ids.size() != count) {
            throw new IllegalStateException(ids.size() + " of the " + count + " imported contacts found in contacts-service's database");
        }
        return emails;
    }

    private static io.restassured.path.json.JsonPath importJob(String id) {
        return as("contacts-service", "contacts-editor").get("/api/contact-imports/" + id).then().statusCode(200).extract().jsonPath();
    }

    static UUID createContact(String email) {
        return UUID.fromString(as("contacts-service", "contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"Fault\",\"email\":\"" + email + "\"}")
                .post("/api/contacts").then().statusCode(201).extract().path("id"));
    }

    /** @return the request's id */
    static UUID submit(String type, String email) {
        String location = as("privacy-service", "privacy-officer").contentType("application/json")
                .body("{\"type\":\"" + type + "\",\"subject\":{\"emails\":[\"" + email + "\"]}}")
                .post("/api/privacy-requests").then().statusCode(202).extract().header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    /** Requests by status, read in privacy-service's database. */
    static Map<String, Integer> statuses(Collection<UUID> requests) throws IOException, InterruptedException {
        Map<String, Integer> statuses = new HashMap<>();
        for (String row : rows(PRIVACY_DB, "select status, count(*) from privacy_request where id = any(" + uuids(requests)
                + ") group by status")) {
            String[] fields = row.split("\\|");
            statuses.put(fields[0], Integer.parseInt(fields[1]));
        }
        return statuses;
    }

    static long count(String database, String sql) throws IOException, InterruptedException {
        return Long.parseLong(Platform.psql(database, sql).trim());
    }

    static List<String> rows(String database, String sql) throws IOException, InterruptedException {
        return Platform.psql(database, sql).lines().filter(line -> !line.isBlank()).toList();
    }

    /** The last outbox row of each service database: where {@link #outboxLeftSince} starts counting. */
    static Map<String, Long> outboxHighWater() throws IOException, InterruptedException {
        Map<String, Long> last = new java.util.TreeMap<>();
        for (String database : OUTBOX_DBS) {
            last.put(database, count(database, "select coalesce(max(id), 0) from outbox_event"));
        }
        return last;
    }

    /**
     * Per service database, the outbox rows written after {@code from} that are not published: pending or parked. Rows of
     * other tests (a poison row parked on purpose) are no outcome of this run.
     */
    static Map<String, Long> outboxLeftSince(Map<String, Long> from) throws IOException, InterruptedException {
        Map<String, Long> left = new java.util.TreeMap<>();
        for (String database : OUTBOX_DBS) {
            left.put(database, count(database, "select count(*) from outbox_event where id > " + from.getOrDefault(database, 0L)
                    + " and published_at is null"));
        }
        return left;
    }

    /** A SQL array of generated addresses (letters, digits, dots and @ only: nothing to escape). */
    private static String texts(Collection<String> values) {
        return "'{" + String.join(",", values) + "}'::text[]";
    }

    static String uuids(Collection<UUID> ids) {
        StringBuilder array = new StringBuilder("'{");
        for (UUID id : ids) {
            array.append(array.length() > 2 ? "," : "").append(id);
        }
        return array.append("}'::uuid[]").toString();
    }

    /** Sum of a metric's samples on a service's /q/metrics whose labels contain {@code labelPart} (may be empty). */
    static double metric(String service, String name, String labelPart) {
        String text = given().baseUri(Suite.url(service).toString()).get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher sample = METRIC_LINE.matcher(line);
            if (sample.matches() && sample.group(1).equals(name) && (sample.group(2) == null ? "" : sample.group(2)).contains(labelPart)) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }

    /** End offsets of every dead-letter topic: where {@link #deadLetteredSince} starts reading. */
    static Map<org.apache.kafka.common.TopicPartition, Long> deadLetterOffsets() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Suite.kafkaClient(Map.of()))) {
            var topics = admin.listTopics().names().get().stream().filter(name -> name.endsWith(".dlq")).toList();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, topic) -> topic.partitions().forEach(p ->
                    latest.put(new org.apache.kafka.common.TopicPartition(name, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest())));
            Map<org.apache.kafka.common.TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        }
    }

    /**
     * Records dead-lettered since {@code from} whose key is one of {@code keys} (this run's request ids): the broker is
     * shared, and a suite that starts works through what other tests left on the topics (records of newer or older
     * contracts, poison of other tests), which is no outcome of this run.
     */
    static long deadLetteredSince(Map<org.apache.kafka.common.TopicPartition, Long> from, Collection<?> keys) throws Exception {
        java.util.Set<String> wanted = keys.stream().map(Object::toString).collect(java.util.stream.Collectors.toSet());
        Map<org.apache.kafka.common.TopicPartition, Long> to = deadLetterOffsets();
        long found = 0;
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Suite.kafkaClient(Map.of(
                "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName(),
                "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName(),
                "enable.auto.commit", "false")))) {
            consumer.assign(to.keySet());
            to.keySet().forEach(partition -> consumer.seek(partition, from.getOrDefault(partition, 0L)));
            Instant deadline = Instant.now().plusSeconds(60);
            while (to.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("dead-letter topics not read within 60 s");
                }
                for (var record : consumer.poll(java.time.Duration.ofMillis(500))) {
                    if (record.offset() < to.get(new org.apache.kafka.common.TopicPartition(record.topic(), record.partition()))
                            && wanted.contains(record.key())) {
                        found++;
                    }
                }
            }
        }
        return found;
    }

    /** Lines of a service's log holding {@code text} (log lines carry ids and codes only). */
    static long logLines(String service, String text) throws IOException {
        try (var lines = Files.lines(Suite.log(service), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    static URI gateway() {
        return Suite.url("gateway");
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

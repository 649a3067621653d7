package dev.oubli.e2e.fault;

import dev.oubli.e2e.Platform;
import dev.oubli.e2e.Suite;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R8 of the fault campaign (issue 17): privacy-service's database refuses its role for 5 s (NOLOGIN and every
 * connection cut) while export chunks arrive. Consumers wait the outage out; nothing is dead-lettered and every
 * export is assembled. The outage is cluster-wide for that role: run it holding /tmp/oubli-privacy-service.lock
 * on a shared platform. Part of the test run (docs/adr/0044): about 60 s after the suite's start (4 Dec, load 24:
 * 163.7 s with the start).
 */
class DatabaseOutageIT {

    private static final String ROLE = "oubli_privacy_app";
    private static final int REQUESTS = 20;

    @Test
    void aFiveSecondOutageOfPrivacyServicesDatabaseDuringExportsDeadLettersNothingAndEveryExportCompletes() throws Exception {
        List<String> subjects = IntStream.range(0, REQUESTS).mapToObj(i -> Fault.uniqueEmail()).toList();
        subjects.forEach(Fault::createContact);
        var deadLetterOffsets = Fault.deadLetterOffsets();
        long retriesBefore = Fault.logLines("privacy-service", "transient)");

        // The owner is down while the requests are submitted, so its chunks all arrive together when it returns.
        Suite.kill("contacts-service");
        List<UUID> requests = new ArrayList<>();
        try {
            subjects.forEach(subject -> requests.add(Fault.submit("ACCESS", subject)));
        } finally {
            CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> {
                try {
                    Suite.restart("contacts-service");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitFirstChunk(Duration.ofSeconds(120));
            Instant outage = Instant.now();
            try {
                Platform.psql("postgres", "alter role " + ROLE + " nologin");
                Platform.psql("postgres", "select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + ROLE
                        + "' and datname = '" + Fault.PRIVACY_DB + "' and client_port in (" + suiteClientPorts() + ")");
                // psql itself may take seconds on a busy machine: the outage lasts 5 s at least.
                Thread.sleep(Math.max(0, Duration.ofSeconds(5).minus(Duration.between(outage, Instant.now())).toMillis()));
            } finally {
                Platform.psql("postgres", "alter role " + ROLE + " login");
            }
            restarted.join();
        }
        Instant restored = Instant.now();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Fault.statuses(requests).getOrDefault("COMPLETED", 0) == REQUESTS);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Fault.count(Fault.PRIVACY_DB, "select count(*) from export_bundle where request_id = any("
                        + Fault.uuids(requests) + ") and assembled_at is not null") == REQUESTS);
        Duration recovery = Duration.between(restored, Instant.now());
        long deadLettered = Fault.deadLetteredSince(deadLetterOffsets, requests);
        long retries = Fault.logLines("privacy-service", "transient)") - retriesBefore;

        new ScenarioTable("R8 5-s database outage during " + REQUESTS + " exports (" + retries + " transient retries)",
                REQUESTS, REQUESTS, 0, deadLettered, recovery).print();
        assertThat(retries).as("consumers met the outage (transient failures retried)").isPositive();
        assertThat(deadLettered).as("records of these requests dead-lettered").isZero();
    }

    /**
     * The local ports of the suite's privacy-service connections to PostgreSQL: only those are cut, so test runs of
     * others beside this one keep theirs (the role is still refused everywhere for the 5 s).
     */
    private static String suiteClientPorts() throws Exception {
        String port = "-Dquarkus.http.port=" + Suite.url("privacy-service").getPort();
        long pid = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(port) && line.contains("privacy-service")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
        Process ss = new ProcessBuilder("ss", "-tnpH", "state", "established", "( dport = :" + Fault.env("OUBLI_PG_PORT", "55432") + " )")
                .redirectErrorStream(true).start();
        String sockets = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        ss.waitFor();
        List<String> ports = sockets.lines().filter(line -> line.contains("pid=" + pid + ","))
                .map(line -> line.trim().split("\\s+")[2]).map(local -> local.substring(local.lastIndexOf(':') + 1)).toList();
        return ports.isEmpty() ? "-1" : String.join(",", ports);
    }

    /** Waits until contacts-service's first export chunk is on privacy.exports.v1. */
    private static void awaitFirstChunk(Duration patience) throws Exception {
        try (Admin admin = Admin.create(Suite.kafkaClient(Map.of()))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of("privacy.exports.v1")).allTopicNames().get()
                    .get("privacy.exports.v1").partitions().stream()
                    .map(p -> new TopicPartition("privacy.exports.v1", p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            long start = end(admin, latest);
            Instant deadline = Instant.now().plus(patience);
            while (end(admin, latest) == start) {
                assertThat(Instant.now()).as("an export chunk was published").isBefore(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static long end(Admin admin, Map<TopicPartition, OffsetSpec> latest) throws Exception {
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }
}

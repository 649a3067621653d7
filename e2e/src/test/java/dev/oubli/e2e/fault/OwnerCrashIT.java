package dev.oubli.e2e.fault;

import dev.oubli.e2e.Suite;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R1 of the fault campaign (issue 17): {@code oubli.fault.erasures} erasures (1,000 by default, as {@code ./dev test}
 * runs it; 10,000 by hand, bench/README.md) in flight while each owner, then privacy-service itself, is killed with
 * SIGKILL and restarted. Every request completes, each owner's effect is applied exactly once (the receipts' counts and
 * the databases agree) and nothing is dead-lettered. Its subjects are created by one import; the services' 10-s
 * consumer sessions bound the wait for a killed member's partitions (docs/adr/0056).
 */
class OwnerCrashIT {

    private static final int ERASURES = Integer.getInteger("oubli.fault.erasures", 1_000);
    private static final List<String> VICTIMS = List.of("contacts-service", "knowledge-service", "privacy-service");

    @Test
    void everyErasureCompletesExactlyOnceWhileEachServiceIsKilledAndRestartedInTurn() throws Exception {
        List<UUID> contacts = Collections.synchronizedList(new ArrayList<>());
        List<UUID> requests = Collections.synchronizedList(new ArrayList<>());
        var deadLetterOffsets = Fault.deadLetterOffsets();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        Suite.url("privacy-service"); // the suite started: its start is not one of the phases below
        try {
            Instant began = Instant.now();
            List<String> subjects = Fault.importContacts(ERASURES, contacts);
            Instant created = Instant.now();
            List<Duration> outages = new ArrayList<>();
            // The erasures go to privacy-service while the owners die and return; privacy-service dies once all are in.
            List<Future<?>> submitted = new ArrayList<>();
            subjects.forEach(email -> submitted.add(clients.submit(() -> requests.add(Fault.submit("ERASURE", email)))));
            Duration maxRecovery = Duration.ZERO;
            int victim = 0;
            for (int i = 0; i < submitted.size(); i++) {
                if (victim < VICTIMS.size() - 1 && i == (victim + 1) * submitted.size() / VICTIMS.size()) {
                    outages.add(killAndRestart(VICTIMS.get(victim++), requests));
                }
                submitted.get(i).get();
            }
            Instant allSubmitted = Instant.now();
            while (victim < VICTIMS.size()) {
                outages.add(killAndRestart(VICTIMS.get(victim++), requests));
            }
            Instant lastRestart = Instant.now();
            await().atMost(Fault.waitFor(ERASURES, Duration.ofMinutes(5))).pollInterval(Duration.ofSeconds(2))
                    .until(() -> Fault.statuses(requests).getOrDefault("COMPLETED", 0) == ERASURES);
            Instant done = Instant.now();
            outages.add(Duration.between(lastRestart, done));
            maxRecovery = outages.stream().max(Duration::compareTo).orElseThrow();
            // Where the time goes (issue 17: R1 at 1,000 in ./dev test only if it fits): each phase, and the kills' share.
            Duration killed = outages.subList(0, VICTIMS.size()).stream().reduce(Duration.ZERO, Duration::plus);
            System.out.printf("R1 phases: %d contacts created in %.1f s; erasures submitted %.1f s later (kills of %s meanwhile);"
                            + " the last kill and restart ended %.1f s after that; the last erasure completed %.1f s later;"
                            + " %.1f s in all, %.1f s of it from kills to work going on again%n",
                    ERASURES, seconds(began, created), seconds(created, allSubmitted), VICTIMS.subList(0, VICTIMS.size() - 1),
                    seconds(allSubmitted, lastRestart), seconds(lastRestart, done), seconds(began, done), killed.toMillis() / 1000.0);

            Map<String, Integer> statuses = Fault.statuses(requests);
            long erasedOnce = Fault.count(Fault.PRIVACY_DB, "select count(*) from privacy_request_task where request_id = any("
                    + Fault.uuids(requests) + ") and owner = 'contacts-service' and status = 'COMPLETED' and (counts->>'erased')::int = 1");
            long erasedTotal = Fault.count(Fault.PRIVACY_DB, "select coalesce(sum((counts->>'erased')::int), 0) from privacy_request_task"
                    + " where request_id = any(" + Fault.uuids(requests) + ") and owner = 'contacts-service'");
            long contactsLeft = Fault.count(Fault.CONTACTS_DB, "select count(*) from contact where id = any(" + Fault.uuids(contacts) + ")");
            long tasksNotCompleted = Fault.count(Fault.PRIVACY_DB, "select count(*) from privacy_request_task where request_id = any("
                    + Fault.uuids(requests) + ") and status <> 'COMPLETED'");
            long deadLettered = Fault.deadLetteredSince(deadLetterOffsets, requests);

            new ScenarioTable("R1 " + ERASURES + " erasures, kill -9 of " + String.join(", ", VICTIMS), ERASURES,
                    statuses.getOrDefault("COMPLETED", 0), erasedTotal - erasedOnce, deadLettered, maxRecovery).print();
            assertThat(statuses).as("requests by status").containsOnlyKeys("COMPLETED");
            assertThat(erasedOnce).as("contacts-service receipts counting exactly one erased contact").isEqualTo(ERASURES);
            assertThat(erasedTotal).as("contacts erased, by the receipts").isEqualTo(ERASURES);
            assertThat(contactsLeft).as("contacts left in contacts-service's database").isZero();
            assertThat(tasksNotCompleted).as("owner tasks not completed").isZero();
            assertThat(deadLettered).as("records of these requests dead-lettered").isZero();
        } finally {
            clients.shutdownNow();
        }
    }

    /** @return the time from the kill until a request completes again */
    private static Duration killAndRestart(String service, List<UUID> requests) throws Exception {
        Instant killed = Instant.now();
        Suite.kill(service);
        Thread.sleep(2_000);
        Suite.restart(service);
        Instant ready = Instant.now();
        int completed = Fault.statuses(List.copyOf(requests)).getOrDefault("COMPLETED", 0);
        await().atMost(Fault.waitFor(ERASURES, Duration.ofMinutes(3))).pollInterval(Duration.ofMillis(500))
                .until(() -> Fault.statuses(List.copyOf(requests)).getOrDefault("COMPLETED", 0) > completed
                        || Fault.statuses(List.copyOf(requests)).getOrDefault("COMPLETED", 0) == ERASURES);
        // Where the time goes: the restart (JVM, migrations, readiness), then the wait until the group hands it work.
        System.out.printf("R1 kill -9 of %s: ready again after %.1f s, work going on %.1f s after that%n", service,
                Duration.between(killed, ready).toMillis() / 1000.0, Duration.between(ready, Instant.now()).toMillis() / 1000.0);
        return Duration.between(killed, Instant.now());
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}

package dev.oubli.e2e.fault;

import java.time.Duration;

/** The line each scenario prints: what was submitted, what came out, and how long the worst recovery took. */
record ScenarioTable(String scenario, int submitted, int completed, long duplicates, long parkedOrDeadLettered,
                     Duration maxTimeToRecover) {

    void print() {
        System.out.printf("%n| scenario | submitted | completed | duplicates | parked/DLQ | max time to recover |%n"
                        + "|---|---|---|---|---|---|%n| %s | %d | %d | %d | %d | %.1f s |%n%n",
                scenario, submitted, completed, duplicates, parkedOrDeadLettered, maxTimeToRecover.toMillis() / 1000.0);
    }
}

package dev.oubli.privacy.privacyrequest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * The scheduled jobs run for real (other tests drive them with a clock of their own): each sweep across tenants
 * completes without an exception, on the context the scheduler gives it. Nothing is late for the watchdog here,
 * so no other run's request is published again.
 */
@QuarkusTest
@TestProfile(ScheduledJobsTest.Scheduled.class)
class ScheduledJobsTest {

    public static class Scheduled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "oubli.privacy.watchdog.every", "1s",
                    "oubli.privacy.watchdog.receipt-timeout", "3650d",
                    "oubli.privacy.verification.expire-every", "1s",
                    "oubli.privacy.verification.code-ttl", "3650d",
                    "oubli.privacy.exports.destroy-every", "1s",
                    "quarkus.scheduler.metrics.enabled", "true");
        }
    }

    @Test
    void everyScheduledSweepRunsToTheEndWithoutAnException() {
        for (String job : new String[]{"watchEveryTenant", "expireEveryTenant", "destroyExpired"}) {
            await().atMost(Duration.ofSeconds(30)).until(() -> succeeded(job) >= 2);
        }
    }

    static double succeeded(String method) {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("scheduled_methods_seconds_count{") && line.contains("method=\"" + method + "\"")
                        && line.contains("exception=\"none\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}

package dev.oubli.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Readiness tells the truth: DOWN while the database is stopped, UP again once it is back. */
class ReadinessIT {

    @Test
    void eachServiceIsUnreadyWhileItsDatabaseIsStoppedAndReadyAfter() throws Exception {
        Suite.DATABASE_SERVICES.forEach(service -> assertThat(readiness(service)).as(service).isEqualTo(200));
        try {
            dev("down", "postgres");
            for (String service : Suite.DATABASE_SERVICES) {
                await(service + " DOWN").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> readiness(service) == 503);
                given().baseUri(Suite.url(service).toString()).get("/q/health/ready")
                        .then().body("status", org.hamcrest.Matchers.equalTo("DOWN"));
            }
        } finally {
            dev("up", "postgres");
        }
        for (String service : Suite.DATABASE_SERVICES) {
            await(service + " UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> readiness(service) == 200);
        }
    }

    private static int readiness(String service) {
        return given().baseUri(Suite.url(service).toString()).get("/q/health/ready").statusCode();
    }

    private static void dev(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = Suite.ROOT.resolve("dev").toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}

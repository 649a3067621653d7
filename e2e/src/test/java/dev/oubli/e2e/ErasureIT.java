package dev.oubli.e2e;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The seed's central promise, end to end through the gateway with real Keycloak tokens: "delete the
 * contact and the deletion is propagated; no copy is kept".
 */
class ErasureIT {

    /** A subject nobody else in any test database has: every trace of it can be searched for. */
    record Subject(String firstName, String email, String phoneNational, String phoneE164) {

        static Subject unique() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            // 06 12 xx xx xx: a valid French mobile range (not every 06 number is, e.g. 06 39 is unassigned).
            String digits = String.format("%06d", random.nextInt(1_000_000));
            String tag = Long.toString(random.nextLong(Long.MAX_VALUE), 36);
            return new Subject("Zelda" + tag, "zelda." + tag + "@example.test",
                    "06 12 " + digits.substring(0, 2) + " " + digits.substring(2, 4) + " " + digits.substring(4),
                    "+33612" + digits);
        }

        List<String> traces() {
            return List.of(firstName, email, phoneE164, phoneNational.replace(" ", ""), phoneE164.substring(1));
        }
    }

    @Test
    void anErasureRemovesEveryMatchingContactAndLeavesNoTraceInDatabasesKafkaOrLogs() throws Exception {
        Subject subject = Subject.unique();
        try (KafkaRecordings kafka = KafkaRecordings.fromNow()) {
            String byEmail = createContact("{\"firstName\":\"" + subject.firstName() + "\",\"email\":\"" + subject.email() + "\"}");
            String byPhone = createContact("{\"lastName\":\"" + subject.firstName() + "\",\"phone\":\"" + subject.phoneNational() + "\"}");
            String bystander = createContact("{\"firstName\":\"Bystander\",\"email\":\"" + Subject.unique().email() + "\"}");
            // The search below can find the subject: before the erasure, the contacts database holds it.
            assertThat(Platform.pgDump("oubli_contacts_test")).contains(subject.email(), subject.phoneE164(), subject.firstName());

            String request = submitErasure("{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"" + subject.email().toUpperCase()
                    + "\"],\"phones\":[\"" + subject.phoneE164() + "\"]}}");
            awaitStatus(request, "COMPLETED", Duration.ofSeconds(60));
            asOfficer().get(request).then()
                    .body("tasks.find { it.owner == 'contacts-service' }.counts.erased", equalTo(2));

            asEditor().get("/api/contacts/" + byEmail).then().statusCode(404);
            asEditor().get("/api/contacts/" + byPhone).then().statusCode(404);
            asEditor().get("/api/contacts/" + bystander).then().statusCode(200);

            List<String> records = kafka.everythingWrittenSince();
            assertThat(records).as("records written to Kafka during the erasure").isNotEmpty();
            for (String trace : subject.traces()) {
                assertThat(records).as("Kafka keys, headers and values").noneMatch(r -> r.contains(trace));
            }
        }
        assertNoResidue(subject);
    }

    @Test
    void aRequestStaysInProgressWhileItsOwnerIsDownAndCompletesWhenItReturns() throws Exception {
        Subject subject = Subject.unique();
        String contact = createContact("{\"firstName\":\"" + subject.firstName() + "\",\"email\":\"" + subject.email() + "\"}");
        Suite.kill("contacts-service");
        String request;
        try {
            request = submitErasure("{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                    .until(() -> "IN_PROGRESS".equals(asOfficer().get(request).then().extract().path("status")));
        } finally {
            Suite.restart("contacts-service");
        }
        awaitStatus(request, "COMPLETED", Duration.ofSeconds(60));
        asEditor().get("/api/contacts/" + contact).then().statusCode(404);
    }

    private static void assertNoResidue(Subject subject) throws IOException, InterruptedException {
        for (String database : Platform.databases()) {
            String dump = Platform.pgDump(database);
            for (String trace : subject.traces()) {
                assertThat(dump).as("pg_dump of " + database).doesNotContain(trace);
            }
        }
        List<Path> files = Stream.concat(Platform.kafkaLogFiles().stream(),
                Stream.of("contacts-service", "knowledge-service", "privacy-service", "gateway").map(Suite::log)).toList();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String trace : subject.traces()) {
                assertThat(bytes).as(file.toString()).doesNotContain(trace);
            }
        }
    }

    private static String createContact(String body) {
        return asEditor().contentType("application/json").body(body)
                .post("/api/contacts").then().statusCode(201).extract().path("id");
    }

    private static String submitErasure(String body) {
        return asOfficer().contentType("application/json").body(body)
                .post("/api/privacy-requests").then().statusCode(202).extract().header("Location");
    }

    private static void awaitStatus(String request, String status, Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(asOfficer().get(request).then().statusCode(200).extract().path("status")));
    }

    private static RequestSpecification asEditor() {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.userToken("acme-contacts-editor"));
    }

    private static RequestSpecification asOfficer() {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.userToken("acme-privacy-officer"));
    }
}

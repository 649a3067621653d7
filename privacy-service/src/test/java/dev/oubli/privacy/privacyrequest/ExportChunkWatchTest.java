package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.ExportChunk;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.sealing.ExportSealing;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * An export whose owners all answered but one of whose chunks never comes (lost, or dead-lettered) is not left
 * ASSEMBLING for ever (issue 17 item 1, docs/adr/0050): the watchdog asks the owners again after chunk-timeout (10 min,
 * doubling), the owner's new sealing completes the bundle without being mixed with the old one; after chunk-attempts
 * (3) re-requests the export is FAILED with CHUNKS_MISSING and its request FAILED with EXPORT_FAILED (docs/adr/0054),
 * and a chunk that still comes then completes it, the request COMPLETED again. (privacy-service's
 * own consent ledger answers the requests too, as no owner due in this profile: its chunks are held, never assembled.)
 */
@QuarkusTest
class ExportChunkWatchTest {

    static final String A = "test-owner-a";
    static final String B = "test-owner-b";

    final UUID tenant = UUID.randomUUID();

    @Inject
    ExportChunkWatch watch;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    TestOwner owners;

    @BeforeEach
    void start() {
        dev.oubli.privacy.tenant.TestTenants.register(tenant);
        owners = new TestOwner(bootstrapServers, tenant);
    }

    @AfterEach
    void stop() {
        owners.close();
    }

    @Test
    void asksTheOwnersAgainForAMissingChunkAndAssemblesOneWholeSealingPerOwner() throws Throwable {
        byte[] partA = "{\"records\": {\"contacts\": [{\"id\": \"c-1\"}]}}".getBytes(StandardCharsets.UTF_8);
        UUID id = submitAccess();
        PrivacyRequestSubmitted first = owners.await(id, 1);
        List<ExportChunk> chunksA = ExportSealing.seal(first.exportPublicKey(), id, A, partA);
        List<ExportChunk> chunksB = ExportSealing.seal(first.exportPublicKey(), id, B, notes("x"));
        assertThat(chunksB).hasSizeGreaterThan(1);
        for (ExportChunk chunk : chunksA) {
            owners.publish(chunk);
        }
        // B's last chunk is lost on the way.
        for (ExportChunk chunk : chunksB.subList(0, chunksB.size() - 1)) {
            owners.publish(chunk);
        }
        owners.complete(id, A, RequestType.ACCESS, Map.of("exported", 1L, "chunks", (long) chunksA.size()));
        owners.complete(id, B, RequestType.ACCESS, Map.of("exported", 300L, "chunks", (long) chunksB.size()));
        awaitCompletedAndHeld(id, chunksA.size() + chunksB.size() - 1);
        request(id).body("publishAttempts", equalTo(1));
        double requestedAgain = metric("oubli_privacy_watchdog_exports_requested_again_total");

        Instant now = Instant.now();
        watch(now.plus(Duration.ofMinutes(5)));
        request(id).body("publishAttempts", equalTo(1));
        // chunk-timeout (10 min) after the last progress: the owners are asked again, as a re-published request.
        watch(now.plus(Duration.ofMinutes(11)));
        PrivacyRequestSubmitted again = owners.await(id, 2);
        assertThat(again).isEqualTo(first.nextAttempt());
        assertThat(metric("oubli_privacy_watchdog_exports_requested_again_total")).isEqualTo(requestedAgain + 1);
        export(id).body("state", equalTo("ASSEMBLING"));

        // The owners seal again; B's data changed meanwhile: its new part, whole, is what the bundle holds.
        byte[] partB = notes("y");
        for (ExportChunk chunk : ExportSealing.seal(again.exportPublicKey(), id, A, partA)) {
            owners.publish(chunk);
        }
        for (ExportChunk chunk : ExportSealing.seal(again.exportPublicKey(), id, B, partB)) {
            owners.publish(chunk);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> export(id).body("state", equalTo("READY")));
        Map<String, byte[]> files = unzip(given().when().get(export(id).extract().<String>path("link")).then().statusCode(200)
                .extract().asByteArray());
        assertThat(files.get(A + ".json")).isEqualTo(partA);
        assertThat(files.get(B + ".json")).isEqualTo(partB);
        audit("REQUEST_PUBLISHED", id).body("items.size()", equalTo(2));
    }

    @Test
    void failsTheExportWithAReasonAfterTheLastReRequestAndStillTakesALateChunk() throws Throwable {
        byte[] partA = "{\"records\": {\"contacts\": []}}".getBytes(StandardCharsets.UTF_8);
        UUID id = submitAccess();
        PrivacyRequestSubmitted first = owners.await(id, 1);
        List<ExportChunk> chunksA = ExportSealing.seal(first.exportPublicKey(), id, A, partA);
        List<ExportChunk> chunksB = ExportSealing.seal(first.exportPublicKey(), id, B, notes("z"));
        for (ExportChunk chunk : chunksA) {
            owners.publish(chunk);
        }
        owners.publish(chunksB.get(0));
        owners.complete(id, A, RequestType.ACCESS, Map.of("exported", 0L, "chunks", (long) chunksA.size()));
        owners.complete(id, B, RequestType.ACCESS, Map.of("exported", 300L, "chunks", (long) chunksB.size()));
        awaitCompletedAndHeld(id, chunksA.size() + 1);
        double failedBefore = metric("oubli_privacy_watchdog_exports_failed_total");

        // Nobody answers the re-requests: after 10, 20, 40 min (each from the previous one), three of them...
        Instant now = Instant.now();
        watch(now.plus(Duration.ofHours(1)));
        watch(now.plus(Duration.ofHours(2)));
        watch(now.plus(Duration.ofHours(3)));
        owners.await(id, 4);
        export(id).body("state", equalTo("ASSEMBLING"));
        // ...then, 80 min after the last, the export is given up on, visibly and with a code.
        watch(now.plus(Duration.ofHours(5)));
        export(id).body("state", equalTo("FAILED")).body("reason", equalTo("CHUNKS_MISSING")).body("link", equalTo(null));
        // The request no longer claims success (docs/adr/0054): FAILED, with a reason code, audited.
        request(id).body("status", equalTo("FAILED")).body("closingReason", equalTo("EXPORT_FAILED"));
        audit("EXPORT_FAILED", id).body("items.size()", equalTo(1));
        audit("STATUS_CHANGED", id).body("items.findAll { it.details.to == 'FAILED' }.size()", equalTo(1))
                .body("items.find { it.details.to == 'FAILED' }.details.from", equalTo("COMPLETED"))
                .body("items.find { it.details.to == 'FAILED' }.details.reason", equalTo("EXPORT_FAILED"));
        assertThat(metric("oubli_privacy_watchdog_exports_failed_total")).isEqualTo(failedBefore + 1);
        watch(now.plus(Duration.ofHours(48)));
        request(id).body("publishAttempts", equalTo(4));

        // The missing chunk comes after all (a dead letter replayed once its cause was fixed): the export completes.
        for (ExportChunk chunk : chunksB.subList(1, chunksB.size())) {
            owners.publish(chunk);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> export(id).body("state", equalTo("READY"))
                .body("reason", equalTo(null)));
        // ...and the request takes back the status its owners' tasks say.
        request(id).body("status", equalTo("COMPLETED")).body("closingReason", equalTo(null));
    }

    private UUID submitAccess() {
        return UUID.fromString(given().auth().oauth2(officer()).contentType(ContentType.JSON)
                .body("{\"type\":\"ACCESS\",\"subject\":{\"emails\":[\"ada@example.com\"]}}")
                .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id"));
    }

    /** Every receipt recorded (the export's parts are known: only then may it be late) and these chunks held. */
    private void awaitCompletedAndHeld(UUID id, int chunks) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            request(id).body("status", equalTo("COMPLETED"));
            export(id).body("state", equalTo("ASSEMBLING")).body("chunksHeld", greaterThanOrEqualTo(chunks));
        });
    }

    private void watch(Instant at) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> watch.watchTenant(new TenantId(tenant), at));
    }

    /** A part of several chunks (300 notes of 1,000 characters). */
    private static byte[] notes(String letter) {
        StringBuilder notes = new StringBuilder("{\"records\": {\"notes\": [");
        for (int i = 0; i < 300; i++) {
            notes.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"text\": \"").append(letter.repeat(1000)).append("\"}");
        }
        return notes.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private String officer() {
        return TestTokens.forTenant(tenant, "privacy-officer");
    }

    private ValidatableResponse export(UUID id) {
        return given().auth().oauth2(officer()).when().get("/api/privacy-requests/" + id + "/export").then().statusCode(200);
    }

    private ValidatableResponse request(UUID id) {
        return given().auth().oauth2(officer()).when().get("/api/privacy-requests/" + id).then().statusCode(200);
    }

    private ValidatableResponse audit(String action, UUID id) {
        return given().auth().oauth2(officer()).when().get("/api/audit-events?action=" + action + "&requestId=" + id).then().statusCode(200);
    }

    private static double metric(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}

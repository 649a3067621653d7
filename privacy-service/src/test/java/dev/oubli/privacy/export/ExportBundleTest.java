package dev.oubli.privacy.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.EventJson;
import dev.oubli.events.ExportChunk;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.privacy.privacyrequest.TestOwner;
import dev.oubli.sealing.ExportSealing;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * An ACCESS request's export, end to end over the real Kafka: owners seal their parts with the request's public key,
 * the service assembles one ZIP, stored encrypted under a data key of its own and streamed through a signed, expiring
 * link, and at expiry destroys the keys so that neither the chunks still in Kafka nor any copy of the stored ciphertext
 * opens with anything the service holds.
 */
@QuarkusTest
class ExportBundleTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();
    static final String A = "test-owner-a";
    static final String B = "test-owner-b";

    final UUID tenant = UUID.randomUUID();

    @BeforeEach
    void registerTheTenant() {
        // Public paths answer for registered, ACTIVE tenants only (ADR 0020).
        dev.oubli.privacy.tenant.TestTenants.register(tenant);
    }

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Inject
    ExportLinks links;

    @Inject
    ExportService exports;

    @Inject
    BundleEncryption encryption;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void assemblesOneZipServesItThroughASignedExpiringLinkAndShredsItsKeyAtExpiry() throws Throwable {
        byte[] partA = """
                {"records": {"contacts": [{"id": "c-1", "email": "ada@example.com", "firstName": "Ada", "tags": ["vip"]}], "consents": []}}"""
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder notes = new StringBuilder("{\"records\": {\"notes\": [");
        for (int i = 0; i < 300; i++) {
            notes.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"text\": \"").append("x".repeat(1000)).append("\"}");
        }
        byte[] partB = notes.append("]}}").toString().getBytes(StandardCharsets.UTF_8);

        UUID id;
        List<ExportChunk> chunksA;
        List<ExportChunk> chunksB;
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant);
             KafkaConsumer<String, byte[]> exportTopic = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_EXPORTS)) {
            id = UUID.fromString(given().auth().oauth2(officer()).contentType(ContentType.JSON)
                    .body("{\"type\":\"ACCESS\",\"subject\":{\"emails\":[\"ada@example.com\"]}}")
                    .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id"));
            PrivacyRequestSubmitted event = owners.await(id, 1);
            chunksA = ExportSealing.seal(event.exportPublicKey(), id, A, partA);
            chunksB = new ArrayList<>(ExportSealing.seal(event.exportPublicKey(), id, B, partB));
            assertThat(chunksB).hasSizeGreaterThan(1);

            for (ExportChunk chunk : chunksA) {
                owners.publish(chunk);
            }
            // A service that is no owner due of this request: its chunks never enter the bundle.
            for (ExportChunk chunk : ExportSealing.seal(event.exportPublicKey(), id, "stranger-service", partA)) {
                owners.publish(chunk);
            }
            owners.complete(id, A, RequestType.ACCESS, Map.of("exported", 1L, "chunks", (long) chunksA.size()));
            // Receipt first, chunks in reverse order, one of them twice: the bundle waits until every chunk is in.
            owners.complete(id, B, RequestType.ACCESS, Map.of("exported", 300L, "chunks", (long) chunksB.size()));
            Collections.reverse(chunksB);
            owners.publish(chunksB.get(0));
            for (ExportChunk chunk : chunksB) {
                owners.publish(chunk);
            }

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> status(id).body("state", equalTo("READY")));
            List<ExportChunk> inKafka = chunksIn(exportTopic, id, chunksA.size() + chunksB.size() + 1);

            // At rest, neither the bundle nor its private key is in clear (docs/adr/0025): the rows as the owner role reads them.
            String stored = storedAsText("export_bundle", id) + storedAsText("export_bundle_segment", id);
            assertThat(stored).doesNotContain("\\x504b0304", "primaryKeyId", hex("ada@example.com"), hex("x".repeat(64)));
            List<byte[]> ciphertext = segments(id);
            assertThat(ciphertext).hasSizeGreaterThanOrEqualTo(1).noneMatch(segment -> hex(segment).startsWith("504b0304"));
            byte[] wrappedDataKey = wrappedDataKey(id);
            assertThat(wrappedDataKey).isNotNull();
            assertThat(inKafka).hasSize(chunksA.size() + chunksB.size() + 1);

            String link = status(id).extract().path("link");
            byte[] zip = given().when().get(link).then().statusCode(200).contentType("application/zip").extract().asByteArray();
            Map<String, byte[]> files = unzip(zip);
            // Positive control: the stored ciphertext, with the stored wrapped key and the key-encryption key, is the ZIP.
            assertThat(decrypt(wrappedDataKey, id, ciphertext)).isEqualTo(zip);
            assertThat(files).containsOnlyKeys("test-owner-a.json", "test-owner-a/contacts.csv", "test-owner-a/consents.csv",
                    "test-owner-b.json", "test-owner-b/notes.csv", "manifest.json", ExportBundleZip.INDEX);
            assertThat(files.get("test-owner-a.json")).isEqualTo(partA);
            assertThat(new String(files.get("test-owner-a/contacts.csv"), StandardCharsets.UTF_8))
                    .isEqualTo("id,email,firstName\r\nc-1,ada@example.com,Ada\r\n");
            assertThat(new String(files.get("test-owner-b/notes.csv"), StandardCharsets.UTF_8).lines()).hasSize(301);
            JsonNode manifest = JSON.readTree(files.get("manifest.json"));
            assertThat(manifest.path("requestId").asText()).isEqualTo(id.toString());
            assertThat(manifest.path("owners").get(0).path("records").path("contacts").asInt()).isEqualTo(1);
            assertThat(manifest.path("owners").get(1).path("records").path("notes").asInt()).isEqualTo(300);
            for (JsonNode file : manifest.path("files")) {
                assertThat(ExportBundleZip.sha256(files.get(file.path("name").asText()))).isEqualTo(file.path("sha256").asText());
            }
            given().auth().oauth2(officer()).when().get("/api/audit-events?action=EXPORT_DOWNLOADED&requestId=" + id)
                    .then().body("items.size()", equalTo(1));

            // A changed signature, or a link past its expiry, is refused.
            given().when().get(link.substring(0, link.length() - 1) + (link.endsWith("A") ? "B" : "A")).then().statusCode(403)
                    .contentType("application/problem+json");
            given().when().get(link.replaceAll("expires=\\d+", "expires=" + (Instant.now().getEpochSecond() + 999999))).then().statusCode(403);
            long past = Instant.now().minusSeconds(1).getEpochSecond();
            given().when().get("/public/exports/" + tenant + "/" + id + "?expires=" + past + "&signature=" + links.sign(tenant, id, past))
                    .then().statusCode(410).body("type", equalTo("https://oubli.dev/problems/export-expired"));

            // Positive control: before expiry, the key the service holds opens the chunks read back from Kafka.
            List<String> keysBefore = privateKeysetsInTheDatabase();
            assertThat(keysBefore.stream().anyMatch(key -> opens(key, id, inKafka))).isTrue();

            TenantSql.execute(owner, tenant, "update export_bundle set expires_at = now() - interval '1 minute' where request_id = ?", id);
            int destroyed = VertxContextSupport.subscribeAndAwait(() -> exports.destroyExpired(Instant.now()));
            assertThat(destroyed).isGreaterThanOrEqualTo(1);

            status(id).body("state", equalTo("DESTROYED")).body("link", equalTo(null));
            long future = Instant.now().plusSeconds(3600).getEpochSecond();
            given().when().get("/public/exports/" + tenant + "/" + id + "?expires=" + future + "&signature=" + links.sign(tenant, id, future))
                    .then().statusCode(410);
            // Every key the database still holds, of every tenant: none opens what Kafka still holds.
            List<String> keysAfter = privateKeysetsInTheDatabase();
            assertThat(keysAfter).noneMatch(key -> opens(key, id, inKafka));
            assertThat(keysAfter).doesNotContainAnyElementsOf(keysBefore.stream().filter(key -> opens(key, id, inKafka)).toList());
            // Crypto-shredding: the ciphertext copied before (as dead tuples, WAL or a backup keep it) opens with no key the
            // database still holds: the data key is gone, and the key-encryption key was never there.
            assertThat(wrappedDataKey(id)).isNull();
            assertThat(segments(id)).isEmpty();
            assertThat(storedAsText("export_bundle", id)).doesNotContain(hex(wrappedDataKey));
            assertThat(wrappedDataKeysInTheDatabase()).noneMatch(key -> decrypts(key, id, ciphertext));
            // What it does not cover (README, ADR 0025): a backup taken while the bundle lived holds the wrapped key,
            // which the key-encryption key still unwraps until that key is rotated out.
            assertThat(decrypts(wrappedDataKey, id, ciphertext)).isTrue();
            given().auth().oauth2(officer()).when().get("/api/audit-events?action=EXPORT_DESTROYED&requestId=" + id)
                    .then().body("items.size()", equalTo(1));
        }
    }

    @Test
    void sendsAnUnreadableChunkToTheDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        UUID unreadable = UUID.randomUUID();
        try (KafkaConsumer<String, byte[]> deadLetters = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.deadLetter(Topics.PRIVACY_EXPORTS))) {
            CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_EXPORTS, key, unreadable,
                    dev.oubli.events.EventType.EXPORT_CHUNK.ceType("test"), "test-owner", tenant,
                    "{\"requestId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8)));
            List<String> parked = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(90);
            while (parked.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : deadLetters.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        parked.add(new String(record.headers().lastHeader(dev.oubli.events.CloudEventHeaders.ID).value(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertThat(parked).containsExactly(unreadable.toString());
        }
    }

    String officer() {
        return TestTokens.forTenant(tenant, "privacy-officer");
    }

    io.restassured.response.ValidatableResponse status(UUID id) {
        return given().auth().oauth2(officer()).when().get("/api/privacy-requests/" + id + "/export").then().statusCode(200);
    }

    static List<ExportChunk> chunksIn(KafkaConsumer<String, byte[]> topic, UUID id, int expected) throws Exception {
        List<ExportChunk> chunks = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(20);
        while (chunks.size() < expected && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : topic.poll(Duration.ofMillis(200))) {
                ExportChunk chunk = record.key().equals(id.toString()) ? JSON.readValue(record.value(), ExportChunk.class) : null;
                // A real owner running on the same platform may answer too: the test owners' chunks are the ones counted.
                if (chunk != null && List.of(A, B).contains(chunk.owner())) {
                    chunks.add(chunk);
                }
            }
        }
        return chunks;
    }

    /** Whether this keyset opens both owners' parts from the chunks found in Kafka (duplicates dropped). */
    static boolean opens(String privateKeyset, UUID id, List<ExportChunk> chunks) {
        try {
            for (String ownerName : List.of(A, B)) {
                Map<Integer, ExportChunk> byIndex = new LinkedHashMap<>();
                chunks.stream().filter(chunk -> chunk.owner().equals(ownerName)).forEach(chunk -> byIndex.put(chunk.index(), chunk));
                ExportSealing.open(privateKeyset, id, ownerName, byIndex.values());
            }
            return true;
        } catch (GeneralSecurityException | RuntimeException cannot) {
            return false;
        }
    }

    /** Every private keyset the database holds, of every tenant (the sweep policy), opened as the service would. */
    List<String> privateKeysetsInTheDatabase() throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            c.prepareStatement("select set_config('oubli.privacy_sweep', 'on', true)").execute();
            try (ResultSet rows = c.prepareStatement("""
                    select tenant_id, request_id, wrapped_data_key, sealed_private_keyset from export_bundle
                    where wrapped_data_key is not null""").executeQuery()) {
                while (rows.next()) {
                    try {
                        keys.add(encryption.dataKey(rows.getBytes(3), rows.getObject(1, UUID.class), rows.getObject(2, UUID.class))
                                .openPrivateKeyset(rows.getBytes(4)));
                    } catch (GeneralSecurityException | IOException otherKey) {
                        // A row wrapped under another key-encryption key: nothing this service could open either.
                    }
                }
            }
            c.commit();
        }
        return keys;
    }

    List<byte[]> wrappedDataKeysInTheDatabase() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            c.prepareStatement("select set_config('oubli.privacy_sweep', 'on', true)").execute();
            try (ResultSet rows = c.prepareStatement("select wrapped_data_key from export_bundle where wrapped_data_key is not null").executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getBytes(1));
                }
            }
            c.commit();
        }
        return keys;
    }

    byte[] decrypt(byte[] wrappedDataKey, UUID id, List<byte[]> segments) throws Exception {
        BundleEncryption.Decryption decryption = encryption.dataKey(wrappedDataKey, tenant, id).decryptBundle();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (byte[] segment : segments) {
            plain.writeBytes(decryption.feed(segment));
        }
        plain.writeBytes(decryption.finish());
        return plain.toByteArray();
    }

    boolean decrypts(byte[] wrappedDataKey, UUID id, List<byte[]> segments) {
        try {
            decrypt(wrappedDataKey, id, segments);
            return true;
        } catch (Exception cannot) {
            return false;
        }
    }

    byte[] wrappedDataKey(UUID id) throws Exception {
        List<byte[]> keys = ownerQuery("select wrapped_data_key from export_bundle where request_id = ?", id);
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    List<byte[]> segments(UUID id) throws Exception {
        return ownerQuery("select ciphertext from export_bundle_segment where request_id = ? order by segment", id);
    }

    /** Every column of the request's rows as PostgreSQL prints them (bytea as {@code \x} and hex). */
    String storedAsText(String table, UUID id) throws Exception {
        return String.join("\n", ownerQuery("select t::text from " + table + " t where request_id = ?", id).stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList());
    }

    /** The first column of each row, as bytes, read as the owner role in the test's tenant. */
    List<byte[]> ownerQuery(String sql, UUID id) throws Exception {
        List<byte[]> values = new ArrayList<>();
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            try (PreparedStatement query = c.prepareStatement(sql)) {
                query.setObject(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        values.add(rows.getBytes(1));
                    }
                }
            }
            c.commit();
        }
        return values;
    }

    static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        return bytes == null ? "" : HexFormat.of().formatHex(bytes);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}

package dev.oubli.privacy.selfservice;

import dev.oubli.events.RequestType;
import dev.oubli.privacy.privacyrequest.ExpiryDriver;
import dev.oubli.privacy.privacyrequest.TestOwner;
import dev.oubli.privacy.tenant.TestTenants;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Self-service requests: a one-time code per identifier (mail, text message), verification, expiry, attempts,
 * rate limits per client and per recipient, and no raw identifier left, in the database or the log.
 */
@QuarkusTest
class SelfServiceTest {

    static final Pattern CODE = Pattern.compile("code is (\\d{6})");

    final UUID tenant = UUID.randomUUID();
    /** This test's own client behind the (trusted, local) gateway: its own budget. */
    final String client = "10." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(256)
            + "." + ThreadLocalRandom.current().nextInt(1, 255);

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void registerTheTenant() {
        TestTenants.register(tenant);
    }

    ValidatableResponse submit(String email, String type) {
        return submit(Map.of("type", type, "email", email));
    }

    ValidatableResponse submit(Map<String, Object> body) {
        return submit(tenant, body);
    }

    ValidatableResponse submit(UUID tenant, Map<String, Object> body) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON).body(body)
                .when().post("/public/tenants/" + tenant + "/privacy-requests").then();
    }

    ValidatableResponse verify(UUID id, String code) {
        return verify(id, Map.of("code", code));
    }

    ValidatableResponse verify(UUID id, Map<String, Object> body) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON).body(body)
                .when().post("/public/tenants/" + tenant + "/privacy-requests/" + id + "/verification").then();
    }

    UUID accepted(String email, String type) {
        return accepted(Map.of("type", type, "email", email));
    }

    UUID accepted(Map<String, Object> body) {
        return UUID.fromString(submit(body).statusCode(202).body("status", equalTo("IDENTITY_PENDING")).extract().path("id"));
    }

    static String codeSentTo(String email) {
        return lastCode(LocalOutboxFiles.sentTo("mail", email));
    }

    static String codeTextedTo(String phone) {
        return lastCode(LocalOutboxFiles.sentTo("sms", phone));
    }

    static String lastCode(List<String> messages) {
        assertThat(messages).isNotEmpty();
        Matcher code = CODE.matcher(messages.get(messages.size() - 1));
        assertThat(code.find()).isTrue();
        return code.group(1);
    }

    static String mobile() {
        // 06 12 …: an allocated French mobile range (libphonenumber refuses unallocated ones).
        return String.format("+33612%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    ValidatableResponse show(UUID id) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/privacy-requests/" + id).then().statusCode(200);
    }

    @Test
    void verifiesTheSubjectByACodeSentByMailPausesTheClockAndLeavesNoRawIdentifierOnceTheErasureCompletes() throws Exception {
        String email = "Marie.Curie." + UUID.randomUUID().toString().substring(0, 8) + "@Radium.example";
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            UUID id = accepted(email, "ERASURE");
            show(id).body("status", equalTo("IDENTITY_PENDING")).body("selfService", equalTo(true)).body("tasks.size()", equalTo(0));
            assertThat(owners.eventsOf(id, Duration.ofSeconds(1))).isEmpty();
            // Three days waiting for the code: the deadline moves by three days.
            TenantSql.execute(owner, tenant, "update privacy_request set identity_pending_since = identity_pending_since - interval '3 days' where id = ?", id);

            verify(id, codeSentTo(email.toLowerCase())).statusCode(200).body("status", equalTo("IN_PROGRESS"));
            show(id).body("pausedDays", equalTo(3))
                    .body("dueOn", equalTo(LocalDate.now(ZoneOffset.UTC).plusMonths(1).plusDays(3).toString()));
            verify(id, "000000").statusCode(409);

            owners.await(id, 1);
            owners.complete(id, "test-owner-a", RequestType.ERASURE, Map.of("erased", 1L));
            owners.complete(id, "test-owner-b", RequestType.ERASURE, Map.of("erased", 1L));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> show(id).body("status", equalTo("COMPLETED")));
            // The final notice went to the address, which the service then no longer holds anywhere.
            await().atMost(Duration.ofSeconds(10)).until(() -> LocalOutboxFiles.sentTo("mail", email.toLowerCase()).size() == 2);
            assertThat(LocalOutboxFiles.sentTo("mail", email.toLowerCase()).get(1)).contains(id.toString(), "COMPLETED");
        }
        List<String> rows = everyRowOfTheTenant();
        assertThat(rows).isNotEmpty();
        String hex = HexFormat.of().formatHex(email.toLowerCase().getBytes(StandardCharsets.UTF_8));
        assertThat(rows).allSatisfy(row -> assertThat(row.toLowerCase()).doesNotContain("marie.curie", "radium.example", hex));
    }

    @Test
    void mailsTheSignedDownloadLinkOnceTheExportIsReadyAndThenForgetsTheAddress() throws Exception {
        String email = "irene.joliot." + UUID.randomUUID().toString().substring(0, 8) + "@radium.example";
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            UUID id = accepted(email, "ACCESS");
            verify(id, codeSentTo(email)).statusCode(200).body("status", equalTo("IN_PROGRESS"));
            dev.oubli.events.PrivacyRequestSubmitted event = owners.await(id, 1);
            byte[] part = "{\"records\": {\"contacts\": [{\"id\": \"c-1\"}]}}".getBytes(StandardCharsets.UTF_8);
            for (String owner : List.of("test-owner-a", "test-owner-b")) {
                List<dev.oubli.events.ExportChunk> chunks = dev.oubli.sealing.ExportSealing.seal(event.exportPublicKey(), id, owner, part);
                for (dev.oubli.events.ExportChunk chunk : chunks) {
                    owners.publish(chunk);
                }
                owners.complete(id, owner, RequestType.ACCESS, Map.of("exported", 1L, "chunks", (long) chunks.size()));
            }
            // The code, the final notice, then the link once the bundle is assembled: the link is the one the officer sees.
            await().atMost(Duration.ofSeconds(90)).until(() -> LocalOutboxFiles.sentTo("mail", email).stream()
                    .anyMatch(mail -> mail.contains("/public/exports/" + tenant + "/" + id)));
            given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).when()
                    .get("/api/privacy-requests/" + id + "/export").then().statusCode(200).body("state", equalTo("READY"));
            // The mailed link (absolute, on the public URL) downloads the bundle.
            Matcher mailed = Pattern.compile("https?://[^/\\s]+(/public/exports/\\S+)").matcher(String.join("\n", LocalOutboxFiles.sentTo("mail", email)));
            assertThat(mailed.find()).isTrue();
            given().urlEncodingEnabled(false).when().get(mailed.group(1)).then().statusCode(200).contentType(containsString("zip"));
        }
        List<String> rows = everyRowOfTheTenant();
        assertThat(rows).allSatisfy(row -> assertThat(row.toLowerCase()).doesNotContain("irene.joliot"));
    }

    @Test
    void countsWrongCodesAndRejectsTheRequestOnceTheAttemptsAreExhausted() {
        String email = "wrong-" + UUID.randomUUID() + "@example.com";
        UUID id = accepted(email, "ACCESS");
        String code = codeSentTo(email);
        String wrong = code.equals("123456") ? "654321" : "123456";

        for (int left = 4; left >= 1; left--) {
            verify(id, wrong).statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://oubli.dev/problems/verification-code-invalid"))
                    .body("detail", containsString(left + " attempt(s) left"));
        }
        verify(id, wrong).statusCode(403).body("type", equalTo("https://oubli.dev/problems/verification-attempts-exhausted"));
        // Even the right code is too late now.
        verify(id, code).statusCode(403);
        show(id).body("status", equalTo("REJECTED")).body("closingReason", equalTo("IDENTITY_NOT_VERIFIED"));
    }

    @Test
    void refusesAnExpiredCodeAndExpiresUnverifiedRequestsOnSchedule() throws Throwable {
        String email = "late-" + UUID.randomUUID() + "@example.com";
        UUID expired = accepted(email, "OBJECTION");
        TenantSql.execute(owner, tenant, "update identity_verification set expires_at = now() - interval '1 second' where request_id = ?", expired);
        verify(expired, codeSentTo(email)).statusCode(410).body("type", equalTo("https://oubli.dev/problems/verification-code-expired"));
        show(expired).body("status", equalTo("CANCELLED")).body("closingReason", equalTo("IDENTITY_NOT_VERIFIED"));

        String other = "never-" + UUID.randomUUID() + "@example.com";
        UUID abandoned = accepted(other, "OBJECTION");
        ExpiryDriver.expire(tenant);
        show(abandoned).body("status", equalTo("CANCELLED")).body("closingReason", equalTo("IDENTITY_NOT_VERIFIED"));
        assertThat(everyRowOfTheTenant()).allSatisfy(row -> assertThat(row).doesNotContain(other, email));
    }

    @Test
    void limitsRequestsPerAddressAndPerClientAndSaysWhenToTryAgain() {
        String email = "often-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 3; i++) {
            submit(email, "ACCESS").statusCode(202);
        }
        submit(email, "ACCESS").statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/too-many-requests"))
                .header("Retry-After", notNullValue());
        // 4 so far from this client; the limit per client is 6 in tests.
        for (int i = 0; i < 2; i++) {
            submit("other-" + i + "-" + UUID.randomUUID() + "@example.com", "ERASURE").statusCode(202);
        }
        int retryAfter = Integer.parseInt(submit("yet-another-" + UUID.randomUUID() + "@example.com", "ERASURE")
                .statusCode(429).body("type", equalTo("https://oubli.dev/problems/too-many-requests"))
                .extract().header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 3600);
    }

    @Test
    void anotherClientBehindTheSameGatewayKeepsItsOwnBudget() {
        for (int i = 0; i < 6; i++) {
            submit("mine-" + i + "-" + UUID.randomUUID() + "@example.com", "ACCESS").statusCode(202);
        }
        submit("mine-" + UUID.randomUUID() + "@example.com", "ACCESS").statusCode(429);
        // Every call came from the gateway (127.0.0.1): the client is the address it forwards.
        given().header("X-Forwarded-For", "192.0.2." + ThreadLocalRandom.current().nextInt(1, 255)).contentType(ContentType.JSON)
                .body(Map.of("type", "ACCESS", "email", "theirs-" + UUID.randomUUID() + "@example.com"))
                .when().post("/public/tenants/" + tenant + "/privacy-requests").then().statusCode(202);
    }

    @Test
    void capsTheCodesSentToOneAddressAcrossTenants() {
        String email = "everywhere-" + UUID.randomUUID() + "@example.com";
        UUID otherTenant = TestTenants.register(UUID.randomUUID());
        submit(email, "ACCESS").statusCode(202);
        submit(otherTenant, Map.of("type", "ACCESS", "email", email)).statusCode(202);
        submit(TestTenants.register(UUID.randomUUID()), Map.of("type", "ACCESS", "email", email)).statusCode(202);
        submit(otherTenant, Map.of("type", "ERASURE", "email", email)).statusCode(429)
                .body("type", equalTo("https://oubli.dev/problems/too-many-requests"));
        assertThat(LocalOutboxFiles.sentTo("mail", email)).hasSize(3);
    }

    @Test
    void anErasureNamingSomeoneElsesPhoneNeverActsOnThatPhoneUnproved() throws Exception {
        String attacker = "mallory-" + UUID.randomUUID() + "@example.com";
        String victimsPhone = mobile();
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            UUID id = accepted(Map.of("type", "ERASURE", "email", attacker, "phone", victimsPhone));
            // The attacker has the code of their own mailbox only.
            String body = verify(id, codeSentTo(attacker)).statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://oubli.dev/problems/identifier-not-verified"))
                    .body("detail", containsString("phone"))
                    .extract().asString();
            assertThat(body).doesNotContain(victimsPhone, victimsPhone.substring(4));
            verify(id, Map.of("emailCode", codeSentTo(attacker), "phoneCode", "000000".equals(codeTextedTo(victimsPhone)) ? "111111" : "000000"))
                    .statusCode(400).body("type", equalTo("https://oubli.dev/problems/verification-code-invalid"))
                    .body("detail", containsString("phone"));
            show(id).body("status", equalTo("IDENTITY_PENDING")).body("tasks.size()", equalTo(0));
            assertThat(owners.eventsOf(id, Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void actsOnAnEmailAndAPhoneOnceEachIsProvedByItsOwnCode() throws Exception {
        String email = "both-" + UUID.randomUUID() + "@example.com";
        String phone = mobile();
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            UUID id = accepted(Map.of("type", "ERASURE", "email", email, "phone", phone));
            verify(id, Map.of("emailCode", codeSentTo(email), "phoneCode", codeTextedTo(phone)))
                    .statusCode(200).body("status", equalTo("IN_PROGRESS"));
            var event = owners.await(id, 1);
            assertThat(event.subject().emailIndexes()).hasSize(1);
            assertThat(event.subject().phoneIndexes()).hasSize(1);
        }
    }

    @Test
    void aSubjectKnownByPhoneOnlyServesThemselvesWithACodeByTextMessage() throws Exception {
        String phone = mobile();
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            UUID id = accepted(Map.of("type", "OBJECTION", "phone", phone));
            verify(id, codeTextedTo(phone)).statusCode(200).body("status", equalTo("IN_PROGRESS"));
            var event = owners.await(id, 1);
            assertThat(event.subject().emailIndexes()).isEmpty();
            assertThat(event.subject().phoneIndexes()).hasSize(1);
        }
    }

    @Test
    void neitherTheAddressNorTheCodeReachesTheServiceLog() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add((record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage())
                        + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            String email = "quiet-" + UUID.randomUUID() + "@example.com";
            String phone = mobile();
            UUID id = accepted(Map.of("type", "ACCESS", "email", email, "phone", phone));
            String code = codeSentTo(email);
            assertThat(String.join("\n", logged)).doesNotContain(email, phone, phone.substring(3), code);
            String texted = codeTextedTo(phone);
            verify(id, Map.of("emailCode", code, "phoneCode", texted)).statusCode(200);
            // The capture does see what is logged.
            org.jboss.logging.Logger.getLogger(SelfServiceTest.class).infof("canary %s", id);
            assertThat(logged).anySatisfy(line -> assertThat(line).contains("canary " + id));
            assertThat(String.join("\n", logged)).doesNotContain(email, phone, phone.substring(3), code, texted);
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void answers400ForAnInvalidAddressAndNeverEchoesIt() {
        String body = submit("not-an-address", "ERASURE").statusCode(400).contentType("application/problem+json").extract().asString();
        assertThat(body).doesNotContain("not-an-address");
        submit(Map.of("type", "ERASURE")).statusCode(400).body("detail", containsString("email or phone"));
        String phoneBody = submit(Map.of("type", "ERASURE", "phone", "12")).statusCode(400).extract().asString();
        assertThat(phoneBody).doesNotContain("\"12\"");
        verify(UUID.randomUUID(), "123456").statusCode(404);
    }

    /** Every row of every table of the privacy database for this tenant, as JSON text (bytea as hex). */
    List<String> everyRowOfTheTenant() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet found = c.prepareStatement("""
                    select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'""").executeQuery()) {
                while (found.next()) {
                    tables.add(found.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet found = c.prepareStatement("select row_to_json(t)::text from " + table + " t").executeQuery()) {
                    while (found.next()) {
                        rows.add(found.getString(1));
                    }
                }
            }
            c.commit();
        }
        return rows;
    }
}

package dev.oubli.privacy.selfservice;

import dev.oubli.events.RequestType;
import dev.oubli.privacy.privacyrequest.ExpiryDriver;
import dev.oubli.privacy.privacyrequest.TestOwner;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Self-service requests: one-time code by mail, verification, expiry, attempts, rate limits, and no raw identifier left. */
@QuarkusTest
class SelfServiceTest {

    static final Pattern CODE = Pattern.compile("code is (\\d{6})");

    final UUID tenant = UUID.randomUUID();

    @Inject
    MockMailbox mailbox;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    ValidatableResponse submit(String email, String type) {
        return given().contentType(ContentType.JSON).body(Map.of("type", type, "email", email))
                .when().post("/public/tenants/" + tenant + "/privacy-requests").then();
    }

    ValidatableResponse verify(UUID id, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/public/tenants/" + tenant + "/privacy-requests/" + id + "/verification").then();
    }

    UUID accepted(String email, String type) {
        return UUID.fromString(submit(email, type).statusCode(202).body("status", equalTo("IDENTITY_PENDING")).extract().path("id"));
    }

    String codeSentTo(String email) {
        List<Mail> mails = mailbox.getMailsSentTo(email);
        assertThat(mails).isNotEmpty();
        Matcher code = CODE.matcher(mails.get(mails.size() - 1).getText());
        assertThat(code.find()).isTrue();
        return code.group(1);
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
            await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.getMailsSentTo(email.toLowerCase()).size() == 2);
            assertThat(mailbox.getMailsSentTo(email.toLowerCase()).get(1).getText()).contains(id.toString(), "COMPLETED");
        }
        List<String> rows = everyRowOfTheTenant();
        assertThat(rows).isNotEmpty();
        String hex = HexFormat.of().formatHex(email.toLowerCase().getBytes(StandardCharsets.UTF_8));
        assertThat(rows).allSatisfy(row -> assertThat(row.toLowerCase()).doesNotContain("marie.curie", "radium.example", hex));
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
    void limitsRequestsPerAddressAndPerClient() {
        String email = "often-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 3; i++) {
            submit(email, "ACCESS").statusCode(202);
        }
        submit(email, "ACCESS").statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/too-many-requests"));
        // 3 so far from this client; the limit per client is 6 in tests.
        for (int i = 0; i < 3; i++) {
            submit("other-" + i + "-" + UUID.randomUUID() + "@example.com", "ERASURE").statusCode(202);
        }
        submit("yet-another-" + UUID.randomUUID() + "@example.com", "ERASURE").statusCode(429);
    }

    @Test
    void answers400ForAnInvalidAddressAndNeverEchoesIt() {
        String body = submit("not-an-address", "ERASURE").statusCode(400).contentType("application/problem+json").extract().asString();
        assertThat(body).doesNotContain("not-an-address");
        given().contentType(ContentType.JSON).body(Map.of("type", "ERASURE"))
                .when().post("/public/tenants/" + tenant + "/privacy-requests").then().statusCode(400);
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

package dev.oubli.privacy.contactcheck;

import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The pre-contact check's matrix: every reason, calling hours at their boundaries, evidence, fail closed. */
@QuarkusTest
class ContactCheckResourceTest {

    static final UUID TENANT = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Inject
    SubjectIndex subjectIndex;

    static String agent() {
        return agent("emile");
    }

    /** A client-credentials token of the agent {@code clientId}, as Keycloak issues it. */
    static String agent(String clientId) {
        return TestTokens.forClient(TENANT, clientId, "agent");
    }

    static String officer() {
        return TestTokens.forTenant(TENANT, "privacy-officer");
    }

    static String email() {
        return "grace+" + UUID.randomUUID() + "@example.com";
    }

    /** A French mobile number (Europe/Paris), different for each test. */
    static String phone() {
        return "+33612" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    static void consent(String subjectJson, String channel, String purpose, String state) {
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("""
                        {"subject":%s,"channel":"%s","purpose":"%s","state":"%s","source":"FORM",
                         "proof":{"collectedAt":"2026-03-01T10:00:00Z","textVersion":"form-v1"}}""".formatted(subjectJson, channel, purpose, state))
                .when().post("/api/consents").then().statusCode(201);
    }

    static ValidatableResponse check(String agentId, String channel, String purpose, String recipientJson, String extra) {
        return given().auth().oauth2(agent(agentId)).contentType(ContentType.JSON).body("""
                        {"agentId":"%s","channel":"%s","purpose":"%s","recipient":%s%s}""".formatted(agentId, channel, purpose, recipientJson, extra))
                .when().post("/api/contact-checks").then().statusCode(200);
    }

    static String byEmail(String email) {
        return "{\"email\":\"" + email + "\"}";
    }

    static String byPhone(String phone) {
        return "{\"phone\":\"" + phone + "\"}";
    }

    @Test
    void allowsWithTheDefaultDisclosureAndTheUnsubscribeHeadersForAnEmail() {
        String email = email();
        consent(byEmail(email), "EMAIL", "NEWSLETTER", "GRANTED");

        check("tom", "EMAIL", "NEWSLETTER", byEmail(email), "").body("decision", equalTo("ALLOWED"))
                .body("reason", nullValue())
                .body("disclosure.text", equalTo("tom, an AI assistant"))
                .body("disclosure.version", equalTo("default"))
                .body("headers.'List-Unsubscribe'", matchesPattern("<http://127\\.0\\.0\\.1:8080/u/[A-Za-z0-9_-]{143}>"))
                .body("headers.'List-Unsubscribe-Post'", equalTo("List-Unsubscribe=One-Click"));
    }

    @Test
    void allowsWithTheTenantsPolicyForTheAgentAndRecordsItsVersion() {
        String email = email();
        consent(byEmail(email), "EMAIL", "MARKETING", "GRANTED");
        given().auth().oauth2(officer()).contentType(ContentType.JSON)
                .body("{\"agentName\":\"Emile\",\"agentRole\":\"copywriter\",\"companyName\":\"Acme\",\"template\":\"{agentName}, the AI {agentRole} of {companyName}\"}")
                .when().put("/api/disclosure-policies/emile/EMAIL").then().statusCode(200)
                .body("version", equalTo(1))
                .body("example", equalTo("Emile, the AI copywriter of Acme"));

        String checkId = check("emile", "EMAIL", "MARKETING", byEmail(email), "").body("decision", equalTo("ALLOWED"))
                .body("disclosure.text", equalTo("Emile, the AI copywriter of Acme"))
                .body("disclosure.version", equalTo("emile/EMAIL/v1"))
                .extract().path("checkId");

        String index = subjectIndex.email(TENANT, email).value();
        given().auth().oauth2(officer()).queryParam("subjectIndex", index).when().get("/api/contact-checks").then().statusCode(200)
                .body("checks", hasSize(1))
                .body("checks[0].checkId", equalTo(checkId))
                .body("checks[0].agentId", equalTo("emile"))
                .body("checks[0].channel", equalTo("EMAIL"))
                .body("checks[0].purpose", equalTo("MARKETING"))
                .body("checks[0].emailIndex", equalTo(index))
                .body("checks[0].decision", equalTo("ALLOWED"))
                .body("checks[0].disclosureVersion", equalTo("emile/EMAIL/v1"));
    }

    @Test
    void refusesWithoutConsent() {
        check("emile", "EMAIL", "MARKETING", byEmail(email()), "")
                .body("decision", equalTo("REFUSED")).body("reason", equalTo("NO_CONSENT"))
                .body("disclosure", nullValue()).body("headers", nullValue());
    }

    @Test
    void refusesAWithdrawnConsentButNotAnotherPurpose() {
        String email = email();
        consent(byEmail(email), "EMAIL", "MARKETING", "GRANTED");
        consent(byEmail(email), "EMAIL", "SERVICE", "GRANTED");
        consent(byEmail(email), "EMAIL", "MARKETING", "WITHDRAWN");

        check("emile", "EMAIL", "MARKETING", byEmail(email), "").body("decision", equalTo("REFUSED")).body("reason", equalTo("WITHDRAWN"));
        check("emile", "EMAIL", "SERVICE", byEmail(email), "").body("decision", equalTo("ALLOWED"));
        check("emile", "SMS", "SERVICE", byEmail(email), "").body("reason", equalTo("NO_CONSENT"));
    }

    @Test
    void refusesASuppressedSubjectWhateverItsConsents() {
        String email = email();
        consent(byEmail(email), "EMAIL", "MARKETING", "GRANTED");
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"subject\":" + byEmail(email) + ",\"reason\":\"OBJECTED\"}")
                .when().post("/api/suppressions").then().statusCode(200).body("suppressed", equalTo(true));

        check("emile", "EMAIL", "MARKETING", byEmail(email), "").body("decision", equalTo("REFUSED")).body("reason", equalTo("SUPPRESSED"));
    }

    @Test
    void refusesARestrictedSubject() throws Exception {
        String email = email();
        consent(byEmail(email), "EMAIL", "MARKETING", "GRANTED");
        TenantSql.execute(owner, TENANT, "insert into processing_restriction (tenant_id, identifier, request_id) values (?, ?, ?)",
                TENANT, subjectIndex.email(TENANT, email).value(), UUID.randomUUID());

        check("emile", "EMAIL", "MARKETING", byEmail(email), "").body("decision", equalTo("REFUSED")).body("reason", equalTo("RESTRICTED"));
    }

    @Test
    void refusesAContactIdTheLedgerDoesNotKnow() {
        check("emile", "EMAIL", "MARKETING", "{\"contactId\":\"" + UUID.randomUUID() + "\"}", "")
                .body("decision", equalTo("REFUSED")).body("reason", equalTo("UNKNOWN_RECIPIENT"));
    }

    @Test
    void findsARecipientNamedByContactIdThroughTheIdentifiersRecordedWithIt() {
        String email = email();
        UUID contact = UUID.randomUUID();
        consent("{\"email\":\"" + email + "\",\"contactId\":\"" + contact + "\"}", "EMAIL", "MARKETING", "GRANTED");
        check("emile", "EMAIL", "MARKETING", "{\"contactId\":\"" + contact + "\"}", "").body("decision", equalTo("ALLOWED"));

        // Suppressed by email, then asked by contact id: still refused.
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"subject\":" + byEmail(email) + "}")
                .when().post("/api/suppressions").then().statusCode(200);
        check("emile", "EMAIL", "MARKETING", "{\"contactId\":\"" + contact + "\"}", "").body("reason", equalTo("SUPPRESSED"));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
            // Monday 2 March 2026, Paris is UTC+1: the windows are 09:00–12:00 and 13:00–19:00 UTC.
            "2026-03-02T08:59:59Z, REFUSED, OUTSIDE_CALLING_WINDOWS",
            "2026-03-02T09:00:00Z, ALLOWED, ",
            "2026-03-02T11:59:59Z, ALLOWED, ",
            "2026-03-02T12:00:00Z, REFUSED, OUTSIDE_CALLING_WINDOWS",
            "2026-03-02T12:59:59Z, REFUSED, OUTSIDE_CALLING_WINDOWS",
            "2026-03-02T13:00:00Z, ALLOWED, ",
            "2026-03-02T18:59:59Z, ALLOWED, ",
            "2026-03-02T19:00:00Z, REFUSED, OUTSIDE_CALLING_WINDOWS",
            // Saturday 7 March 2026 at 11:00 in Paris.
            "2026-03-07T10:00:00Z, REFUSED, NO_CALLING_ON_THIS_DAY",
            // Ascension Thursday 14 May 2026 and Bastille Day (Tuesday 14 July 2026), 11:00 in Paris (UTC+2).
            "2026-05-14T09:00:00Z, REFUSED, PUBLIC_HOLIDAY",
            "2026-07-14T09:00:00Z, REFUSED, PUBLIC_HOLIDAY",
            // The day after the holiday, same hour.
            "2026-07-15T09:00:00Z, ALLOWED, "
    })
    void callsOnlyWithinFrenchCallingHoursInTheRecipientsTimeZone(String plannedAt, String decision, String detail) {
        String phone = phone();
        consent(byPhone(phone), "PHONE", "MARKETING", "GRANTED");

        ValidatableResponse answer = check("tom", "PHONE", "MARKETING", byPhone(phone), ",\"plannedAt\":\"" + plannedAt + "\"")
                .body("decision", equalTo(decision));
        if (detail == null) {
            answer.body("reason", nullValue()).body("disclosure.text", equalTo("tom, an AI assistant"))
                    .body("headers", nullValue());
        } else {
            answer.body("reason", equalTo("OUTSIDE_CALLING_HOURS")).body("detail", equalTo(detail));
        }
    }

    @Test
    void aGivenTimeZoneWinsOverThePhoneNumbers() {
        String phone = phone();
        consent(byPhone(phone), "PHONE", "MARKETING", "GRANTED");
        // 15:30 UTC: 16:30 in Paris, 00:30 the next day in Tokyo.
        check("tom", "PHONE", "MARKETING", byPhone(phone), ",\"plannedAt\":\"2026-03-02T15:30:00Z\"").body("decision", equalTo("ALLOWED"));
        check("tom", "PHONE", "MARKETING", byPhone(phone), ",\"plannedAt\":\"2026-03-02T15:30:00Z\",\"timeZone\":\"Asia/Tokyo\"")
                .body("decision", equalTo("REFUSED")).body("reason", equalTo("OUTSIDE_CALLING_HOURS"));
    }

    @Test
    void callingHoursDoNotApplyToEmail() {
        String email = email();
        consent(byEmail(email), "EMAIL", "MARKETING", "GRANTED");
        check("emile", "EMAIL", "MARKETING", byEmail(email), ",\"plannedAt\":\"2026-03-07T22:00:00Z\"").body("decision", equalTo("ALLOWED"));
    }

    @Test
    void failsClosedWhenTheLedgerCannotBeRead() throws Exception {
        String email = email();
        consent(byEmail(email), "EMAIL", "MARKETING", "GRANTED");
        check("emile", "EMAIL", "MARKETING", byEmail(email), "").body("decision", equalTo("ALLOWED"));

        // The owner role holds an exclusive lock on the current-state table: the check's read cannot proceed.
        try (Connection locker = owner.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("lock table consent_state in access exclusive mode");
            }
            long started = System.nanoTime();
            check("emile", "EMAIL", "MARKETING", byEmail(email), "")
                    .body("decision", equalTo("REFUSED"))
                    .body("reason", equalTo("LEDGER_UNAVAILABLE"))
                    .body("disclosure", nullValue());
            assertThat((System.nanoTime() - started) / 1_000_000).as("answered after the ledger timeout, not hung").isLessThan(10_000);
            locker.rollback();
        }
        check("emile", "EMAIL", "MARKETING", byEmail(email), "").body("decision", equalTo("ALLOWED"));
    }

    @Test
    void checksArrivingTogetherShareAStatementAndEachGetsItsOwnAnswer() throws Exception {
        int each = 8;
        List<String> allowed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> suppressed = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            allowed.add(email());
            unknown.add(email());
            suppressed.add(email());
            consent(byEmail(allowed.get(i)), "EMAIL", "NEWSLETTER", "GRANTED");
            consent(byEmail(suppressed.get(i)), "EMAIL", "NEWSLETTER", "GRANTED");
            given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"subject\":" + byEmail(suppressed.get(i)) + ",\"reason\":\"OBJECTED\"}")
                    .when().post("/api/suppressions").then().statusCode(200);
        }
        Map<String, String> expected = new HashMap<>();
        allowed.forEach(email -> expected.put(email, "ALLOWED"));
        unknown.forEach(email -> expected.put(email, "NO_CONSENT"));
        suppressed.forEach(email -> expected.put(email, "SUPPRESSED"));

        // All at once, so that they queue behind one another (one statement at a time in tests) and share statements.
        ExecutorService agents = Executors.newFixedThreadPool(expected.size());
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Future<ValidatableResponse>> answers = new HashMap<>();
        for (String email : expected.keySet()) {
            answers.put(email, agents.submit(() -> {
                start.await();
                return check("emile", "EMAIL", "NEWSLETTER", byEmail(email), "");
            }));
        }
        start.countDown();
        List<String> checkIds = new ArrayList<>();
        for (Map.Entry<String, Future<ValidatableResponse>> answer : answers.entrySet()) {
            ValidatableResponse response = answer.getValue().get(60, TimeUnit.SECONDS);
            String reason = expected.get(answer.getKey());
            if (reason.equals("ALLOWED")) {
                response.body("decision", equalTo("ALLOWED")).body("headers.List-Unsubscribe", startsWith("<"));
            } else {
                response.body("decision", equalTo("REFUSED")).body("reason", equalTo(reason));
            }
            checkIds.add(response.extract().path("checkId"));
        }
        agents.shutdown();

        // One evidence row per check, with the recipient it was asked about; fewer transactions than checks.
        try (Connection connection = owner.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("select set_config('oubli.tenant_id', '" + TENANT + "', true)");
                Map<String, String> indexes = new HashMap<>();
                expected.keySet().forEach(email -> indexes.put(subjectIndex.email(TENANT, email).value(), expected.get(email)));
                int rows = 0;
                Set<String> transactions = new HashSet<>();
                try (ResultSet evidence = statement.executeQuery("select email_index, coalesce(reason, decision), xmin::text from contact_check "
                        + "where id in ('" + String.join("','", checkIds) + "')")) {
                    while (evidence.next()) {
                        rows++;
                        assertThat(evidence.getString(2)).isEqualTo(indexes.get(evidence.getString(1)));
                        transactions.add(evidence.getString(3));
                    }
                }
                assertThat(rows).isEqualTo(expected.size());
                assertThat(transactions).as("transactions that wrote the evidence").hasSizeLessThan(expected.size());
            }
            connection.rollback();
        }
    }

    @Test
    void checkIdsAreTimeOrderedVersion7() {
        long before = System.currentTimeMillis();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(UUID.fromString(check("tom", "EMAIL", "NEWSLETTER", byEmail(email()), "").extract().path("checkId")));
        }
        long after = System.currentTimeMillis();
        for (UUID id : ids) {
            assertThat(id.version()).isEqualTo(7);
            assertThat(millisOf(id)).isBetween(before, after);
        }
        assertThat(ids).extracting(ContactCheckResourceTest::millisOf).isSorted();
    }

    /** A version 7 UUID's first 48 bits: milliseconds since the epoch. */
    static long millisOf(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }

    @Test
    void evidenceHoldsBlindIndexesAndReasonsNeverTheAddress() {
        String email = email();
        check("rebecca", "EMAIL", "PROFILING", byEmail(email), "").body("reason", equalTo("NO_CONSENT"));
        String evidence = given().auth().oauth2(officer()).queryParam("agentId", "rebecca").when().get("/api/contact-checks")
                .then().statusCode(200)
                .body("checks[0].decision", equalTo("REFUSED"))
                .body("checks[0].reason", equalTo("NO_CONSENT"))
                .body("checks[0].emailIndex", equalTo(subjectIndex.email(TENANT, email).value()))
                .extract().asString();
        assertThat(evidence).doesNotContain(email);
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "privacy-officer")).queryParam("agentId", "rebecca")
                .when().get("/api/contact-checks").then().statusCode(200).body("checks", hasSize(0));
    }

    @Test
    void theEvidenceNamesTheTokensClientAndABodyNamingAnotherAgentIsRefused() {
        String email = email();
        consent(byEmail(email), "EMAIL", "MARKETING", "GRANTED");
        given().auth().oauth2(agent("emile")).contentType(ContentType.JSON)
                .body("{\"agentId\":\"tom\",\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":" + byEmail(email) + "}")
                .when().post("/api/contact-checks").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/agent-mismatch"));
        // Without agentId the token's client is the agent, for the disclosure and the evidence.
        given().auth().oauth2(agent("mallory-bot")).contentType(ContentType.JSON)
                .body("{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":" + byEmail(email) + "}")
                .when().post("/api/contact-checks").then().statusCode(200)
                .body("decision", equalTo("ALLOWED"))
                .body("disclosure.text", equalTo("mallory-bot, an AI assistant"));

        String index = subjectIndex.email(TENANT, email).value();
        given().auth().oauth2(officer()).queryParam("subjectIndex", index).when().get("/api/contact-checks").then().statusCode(200)
                .body("checks", hasSize(1))
                .body("checks[0].agentId", equalTo("mallory-bot"));
        given().auth().oauth2(officer()).queryParam("agentId", "tom").queryParam("subjectIndex", index)
                .when().get("/api/contact-checks").then().statusCode(200).body("checks", hasSize(0));
    }

    @Test
    void aUserHoldingTheAgentRoleChecksAsTheClientItsTokenWasIssuedTo() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "agent")).contentType(ContentType.JSON)
                .body("{\"channel\":\"EMAIL\",\"purpose\":\"PROFILING\",\"recipient\":" + byEmail(email()) + "}")
                .when().post("/api/contact-checks").then().statusCode(200).body("reason", equalTo("NO_CONSENT"));
        given().auth().oauth2(officer()).queryParam("agentId", "oubli-web").when().get("/api/contact-checks").then().statusCode(200)
                .body("checks[0].purpose", equalTo("PROFILING"));
    }

    @Test
    void theEvidenceListingRefusesMalformedFilters() {
        given().auth().oauth2(officer()).urlEncodingEnabled(false).queryParam("agentId", "%00").when().get("/api/contact-checks")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("agentId"));
        given().auth().oauth2(officer()).queryParam("agentId", "x".repeat(101)).when().get("/api/contact-checks")
                .then().statusCode(400).body("detail", startsWith("agentId"));
        given().auth().oauth2(officer()).urlEncodingEnabled(false).queryParam("subjectIndex", "%00").when().get("/api/contact-checks")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("subjectIndex"));
        given().auth().oauth2(officer()).queryParam("subjectIndex", "grace@example.com").when().get("/api/contact-checks")
                .then().statusCode(400).body("detail", startsWith("subjectIndex"))
                .body("detail", not(containsString("grace")));
    }

    @Test
    void onlyAgentsAskAndBadInputIsAProblem() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer")).contentType(ContentType.JSON)
                .body("{\"agentId\":\"emile\",\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":{\"email\":\"a@b.c\"}}")
                .when().post("/api/contact-checks").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/forbidden"))
                .body("status", equalTo(403));
        String agent = agent();
        int signature = agent.lastIndexOf('.') + 1;
        String changed = agent.startsWith("AAAA", signature) ? "BBBB" : "AAAA";
        String forged = agent.substring(0, signature) + changed + agent.substring(signature + 4);
        given().auth().oauth2(forged).when().get("/api/contact-checks/noop").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/unauthorized"))
                .body("detail", equalTo("A valid bearer access token is required."));
        given().auth().oauth2(agent()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"emile\",\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":{\"phone\":\"12\"}}")
                .when().post("/api/contact-checks").then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("recipient"));
        given().auth().oauth2(agent()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"emile\",\"channel\":\"PHONE\",\"purpose\":\"MARKETING\",\"recipient\":{\"phone\":\"+33612345678\"},\"timeZone\":\"Mars/Olympus\"}")
                .when().post("/api/contact-checks").then().statusCode(400).body("detail", startsWith("timeZone"));
        given().auth().oauth2(agent()).when().get("/api/contact-checks/noop").then().statusCode(200).body(equalTo(TENANT.toString()));
    }
}

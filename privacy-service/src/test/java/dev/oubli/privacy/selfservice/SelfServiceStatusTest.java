package dev.oubli.privacy.selfservice;

import dev.oubli.events.RequestType;
import dev.oubli.privacy.privacyrequest.TestOwner;
import dev.oubli.privacy.tenant.TestTenants;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The private status link of a verified self-service request (docs/adr/0031). */
@QuarkusTest
class SelfServiceStatusTest {

    final UUID tenant = UUID.randomUUID();
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

    /** Submits and verifies a request of {@code tenant}; answers {id, statusToken}. */
    String[] verified(UUID tenant, String type) {
        String email = "status-" + UUID.randomUUID() + "@example.com";
        String id = given().header("X-Forwarded-For", client).contentType(ContentType.JSON).body(Map.of("type", type, "email", email))
                .when().post("/public/tenants/" + tenant + "/privacy-requests").then().statusCode(202).extract().path("id");
        String token = given().header("X-Forwarded-For", client).contentType(ContentType.JSON)
                .body(Map.of("code", SelfServiceTest.codeSentTo(email)))
                .when().post("/public/tenants/" + tenant + "/privacy-requests/" + id + "/verification")
                .then().statusCode(200).body("statusToken", notNullValue()).extract().path("statusToken");
        return new String[]{id, token};
    }

    ValidatableResponse status(UUID tenant, Object token) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON).body(token == null ? Map.of() : Map.of("token", token))
                .when().post("/public/tenants/" + tenant + "/privacy-requests/status").then();
    }

    @Test
    void theStatusLinkShowsTheStepsThenTheCompletedErasureWithACertificateThatVerifies() throws Exception {
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            String[] request = verified(tenant, "ERASURE");
            UUID id = UUID.fromString(request[0]);
            assertThat(request[1]).matches("[A-Za-z0-9_-]{43}");
            status(tenant, request[1]).statusCode(200).body("id", equalTo(request[0])).body("type", equalTo("ERASURE"))
                    .body("status", equalTo("IN_PROGRESS")).body("dueOn", notNullValue()).body("certificate", nullValue())
                    .body("export", nullValue());
            owners.await(id, 1);
            owners.complete(id, "test-owner-a", RequestType.ERASURE, Map.of("erased", 1L));
            owners.complete(id, "test-owner-b", RequestType.ERASURE, Map.of("erased", 1L));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> status(tenant, request[1]).statusCode(200)
                    .body("status", equalTo("COMPLETED")).body("certificate.document", notNullValue()));
            ValidatableResponse done = status(tenant, request[1]).body("steps.owner", hasItems("test-owner-a", "test-owner-b"))
                    .body("steps.status", hasItems("COMPLETED"));
            Map<String, String> certificate = done.extract().path("certificate");
            given().contentType(ContentType.JSON).body(certificate).when().post("/public/erasure-certificates/verification")
                    .then().statusCode(200).body("valid", equalTo(true));
        }
    }

    @Test
    void aWrongTokenAndAnotherTenantsTokenAre404ProblemsAndAMissingTokenIsA400() {
        String[] request = verified(tenant, "ACCESS");
        status(tenant, request[1]).statusCode(200);
        status(tenant, request[1] + "x").statusCode(404).contentType("application/problem+json");
        status(tenant, request[1].substring(0, 42) + (request[1].endsWith("A") ? "B" : "A")).statusCode(404);
        UUID other = TestTenants.register(UUID.randomUUID());
        status(other, request[1]).statusCode(404).contentType("application/problem+json");
        status(tenant, request[0]).statusCode(404);
        status(tenant, null).statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theTokenIsStoredAsAHashOnlyAndNeverReachesTheLog() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add((record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage())
                        + " " + Arrays.toString(record.getParameters()));
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
            String[] request = verified(tenant, "ACCESS");
            status(tenant, request[1]).statusCode(200);
            status(tenant, request[1] + "x").statusCode(404);
            org.jboss.logging.Logger.getLogger(SelfServiceStatusTest.class).infof("canary %s", request[0]);
            assertThat(logged).anySatisfy(line -> assertThat(line).contains("canary " + request[0]));
            assertThat(String.join("\n", logged)).doesNotContain(request[1]);
            assertThat(storedHash(UUID.fromString(request[0]))).isNotNull().doesNotContain(request[1]).hasSize(64);
        } finally {
            root.removeHandler(capture);
        }
    }

    String storedHash(UUID request) throws Exception {
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            try (PreparedStatement read = c.prepareStatement("select status_token_hash from identity_verification where request_id = ?")) {
                read.setObject(1, request);
                try (ResultSet row = read.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    return row.getString(1);
                }
            } finally {
                c.commit();
            }
        }
    }
}

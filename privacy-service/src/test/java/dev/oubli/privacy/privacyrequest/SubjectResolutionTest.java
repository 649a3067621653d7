package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectResolutionRequested;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * Identity resolution before action (docs/adr/0034): a request naming emails or phone numbers first asks the resolver
 * for the contact ids they belong to, and the owners act on those ids too. test-owner-a plays contacts-service.
 */
@QuarkusTest
@TestProfile(SubjectResolutionTest.WithResolver.class)
class SubjectResolutionTest {

    public static class WithResolver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("oubli.privacy.resolver", RequestEngineTest.A);
        }
    }

    final UUID tenant = UUID.randomUUID();

    @Inject
    RequestWatchdog watchdog;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    TestOwner owners;

    @BeforeEach
    void startOwners() {
        owners = new TestOwner(bootstrapServers, tenant);
    }

    @AfterEach
    void stopOwners() {
        owners.close();
    }

    @Test
    void anErasureByEmailAndPhoneReachesTheOwnersWithTheContactIdsTheResolverNamed() throws Exception {
        UUID contact = UUID.randomUUID();
        UUID id = submit("{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"ada@example.com\"],\"phones\":[\"+33612345678\"]}}");

        SubjectResolutionRequested question = owners.awaitResolution(id, 1);
        assertThat(question.subject().emailIndexes()).hasSize(1);
        assertThat(question.subject().phoneIndexes()).hasSize(1);
        // The owners wait for the answer: nothing tells them to act yet.
        assertThat(owners.eventsOf(id, Duration.ofSeconds(2))).isEmpty();
        show(id).body("status", equalTo("IN_PROGRESS"));

        // Only the configured resolver answers for the subject.
        owners.resolve(id, RequestEngineTest.B, List.of(UUID.randomUUID()));
        owners.resolve(id, RequestEngineTest.A, List.of(contact));

        PrivacyRequestSubmitted toTheOwners = owners.await(id, 1);
        assertThat(toTheOwners.subject().contactIds()).containsExactly(contact);
        assertThat(toTheOwners.subject().emailIndexes()).isEqualTo(question.subject().emailIndexes());
        assertThat(toTheOwners.subject().phoneIndexes()).isEqualTo(question.subject().phoneIndexes());

        owners.complete(id, RequestEngineTest.A, RequestType.ERASURE, Map.of("erased", 1L));
        owners.complete(id, RequestEngineTest.B, RequestType.ERASURE, Map.of("erased", 1L));
        await().atMost(RequestEngineTest.RECEIPTS).untilAsserted(() -> show(id).body("status", equalTo("COMPLETED")));
        given().auth().oauth2(officer()).when().get("/api/audit-events?requestId=" + id).then().statusCode(200)
                .body("items.action", hasItems("RESOLUTION_REQUESTED", "SUBJECT_RESOLVED", "REQUEST_PUBLISHED", "CERTIFICATE_ISSUED"));
        given().auth().oauth2(officer()).when().get("/api/audit-events?action=SUBJECT_RESOLVED&requestId=" + id).then()
                .body("items[0].details.contactIdsAdded", equalTo(1))
                .body("items[0].details.resolver", equalTo(RequestEngineTest.A));
    }

    @Test
    void theAnswerIsAuditedInOneStepWithOneAnchor() throws Exception {
        UUID id = submit("{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"lin@example.com\"]}}");
        owners.awaitResolution(id, 1);
        owners.resolve(id, RequestEngineTest.A, List.of(UUID.randomUUID()));
        owners.await(id, 1);

        given().auth().oauth2(officer()).when().get("/api/audit-events").then().statusCode(200)
                .body("items.action", equalTo(List.of("REQUEST_RECEIVED", "STATUS_CHANGED", "RESOLUTION_REQUESTED",
                        "SUBJECT_RESOLVED", "REQUEST_PUBLISHED")))
                .body("items.seq", equalTo(List.of(1, 2, 3, 4, 5)));
        // The submission and the answer: one transaction each, one anchor each, of its newest entry (docs/adr/0053).
        assertThat(AuditedUnitOfWorkTest.anchoredSeqs(owner, tenant)).containsExactly(3L, 5L);
    }

    @Test
    void aRequestNamingOnlyContactIdsGoesStraightToTheOwners() throws Exception {
        UUID id = submit("{\"type\":\"OBJECTION\",\"subject\":{\"contactIds\":[\"" + UUID.randomUUID() + "\"]}}");

        assertThat(owners.await(id, 1).requestType()).isEqualTo(RequestType.OBJECTION);
    }

    @Test
    void theWatchdogAsksTheResolverAgainWhenItsAnswerIsLateThenTheOwnersGetTheRequest() throws Throwable {
        UUID contact = UUID.randomUUID();
        UUID id = submit("{\"type\":\"ACCESS\",\"subject\":{\"emails\":[\"grace@example.com\"]}}");
        owners.awaitResolution(id, 1);

        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), Instant.now().plus(Duration.ofMinutes(6))));
        owners.awaitResolution(id, 2);
        assertThat(owners.eventsOf(id, Duration.ofSeconds(1))).isEmpty();

        owners.resolve(id, RequestEngineTest.A, List.of(contact));
        PrivacyRequestSubmitted toTheOwners = owners.await(id, 1);
        assertThat(toTheOwners.subject().contactIds()).containsExactly(contact);
        assertThat(toTheOwners.exportPublicKey()).isNotNull();
    }

    UUID submit(String body) {
        return UUID.fromString(given().auth().oauth2(officer()).contentType(ContentType.JSON).body(body)
                .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id"));
    }

    String officer() {
        return TestTokens.forTenant(tenant, "privacy-officer");
    }

    ValidatableResponse show(UUID id) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/privacy-requests/" + id).then().statusCode(200);
    }
}

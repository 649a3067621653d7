package dev.oubli.gateway.routing;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A token of a tenant privacy-service's registry does not serve (purged, suspended, past its grace) is refused at the
 * edge with a 403 problem, before any service sees the request; the registry is asked once per tenant and time to
 * live, not on every request (docs/adr/0058).
 */
@QuarkusTest
@QuarkusTestResource(RecordingUpstream.class)
class TenantStatusTest {

    @BeforeEach
    void forgetEarlierRequests() {
        RecordingUpstream.RECEIVED.clear();
    }

    @Test
    void aTokenOfATenantNotServedGets403AndTheRegistryIsAskedOnce() {
        String token = TestTokens.forTenant(UUID.fromString(RecordingUpstream.NOT_SERVED_TENANT), "viewer");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/api/contacts")
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://oubli.dev/problems/tenant-not-served"))
                    .body("status", equalTo(403));
        }
        assertThat(List.copyOf(RecordingUpstream.RECEIVED)).containsExactly("/public/tenants/" + RecordingUpstream.NOT_SERVED_TENANT);
    }

    @Test
    void aTokenOfAServedTenantPassesWithOneLookupForManyRequests() {
        UUID tenant = UUID.randomUUID();
        String token = TestTokens.forTenant(tenant, "viewer");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/api/contacts").then().statusCode(200)
                    .body("service", equalTo("contacts-service"));
        }
        assertThat(List.copyOf(RecordingUpstream.RECEIVED))
                .containsExactly("/public/tenants/" + tenant, "/api/contacts", "/api/contacts", "/api/contacts");
    }

    @Test
    void aTokenWithoutTenantIsNotLookedUp() {
        given().auth().oauth2(TestTokens.withoutTenant("platform-admin")).when().get("/api/tenants")
                .then().statusCode(200);
        assertThat(List.copyOf(RecordingUpstream.RECEIVED)).containsExactly("/api/tenants");
    }
}

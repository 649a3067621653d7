package dev.oubli.privacy.tenant;

import dev.oubli.tenancy.TestTokens;
import io.restassured.http.ContentType;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Tests own fresh tenants: these register them, as platform automation would (a token without a tenant). */
public final class TestTenants {

    private TestTenants() {
    }

    /** Registers {@code tenant} ACTIVE, or puts it back to ACTIVE. */
    public static UUID register(UUID tenant) {
        return put(tenant, "ACTIVE");
    }

    public static UUID put(UUID tenant, String status) {
        given().auth().oauth2(TestTokens.withoutTenant("platform-admin")).contentType(ContentType.JSON)
                .body("{\"slug\":\"t-" + tenant + "\",\"displayName\":\"Test tenant\",\"status\":\"" + status + "\"}")
                .when().put("/api/tenants/" + tenant).then().statusCode(200);
        return tenant;
    }
}

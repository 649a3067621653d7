package dev.oubli.contacts.contact;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Bodies too large, characters PostgreSQL refuses, wrong types, forged cursors and out-of-range values: 4xx problems. */
@QuarkusTest
class ContactBadInputTest {

    static final int MIB = 1024 * 1024;

    final UUID tenant = UUID.randomUUID();

    @TestHTTPResource("/api/contacts")
    URL contacts;

    RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, role));
    }

    String create(String body) {
        return as("contacts-editor").contentType("application/json").body(body)
                .when().post("/api/contacts")
                .then().statusCode(201).extract().path("id");
    }

    /** Valid JSON a little over 1 MiB (blanks after the object), so only its size is at fault. */
    static String paddedJson(String json) {
        return json + " ".repeat(MIB + 16);
    }

    @Test
    void aJsonBodyOverOneMebibyteIsRefusedWith413Problem() {
        as("contacts-editor").contentType("application/json").body(paddedJson("{\"firstName\":\"Big\"}"))
                .when().post("/api/contacts")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", endsWith("/payload-too-large"));
        String id = create("{\"firstName\":\"Small\"}");
        as("contacts-editor").contentType("application/merge-patch+json").body(paddedJson("{\"firstName\":\"Big\"}"))
                .when().patch("/api/contacts/" + id)
                .then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void aJsonBodyWithoutContentLengthIsRefusedWith411ProblemAndNothingIsCreated() throws Exception {
        byte[] body = paddedJson("{\"firstName\":\"Chunked\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(contacts.toURI())
                .header("Authorization", "Bearer " + TestTokens.forTenant(tenant, "contacts-editor"))
                .header("Content-Type", "application/json")
                // No length known in advance: sent with Transfer-Encoding: chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("length-required");
        as("viewer").queryParam("q", "Chunked").when().get("/api/contacts").then().body("items.size()", equalTo(0));
    }

    @Test
    void aNulCharacterInFirstNameIsA400ProblemNamingTheField() {
        as("contacts-editor").contentType("application/json").body("{\"firstName\":\"Ada\\u0000\"}")
                .when().post("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("firstName"));
        String id = create("{\"firstName\":\"Ada\"}");
        as("contacts-editor").contentType("application/merge-patch+json").body("{\"lastName\":\"Love\\u0000lace\"}")
                .when().patch("/api/contacts/" + id)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("lastName"));
        as("contacts-editor").contentType("application/merge-patch+json").body("{\"attributes\":{\"tier\\u0000\":\"gold\"}}")
                .when().patch("/api/contacts/" + id)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("attributes"));
    }

    @Test
    void anUnpairedSurrogateIsA400ProblemNotASilentQuestionMark() {
        as("contacts-editor").contentType("application/json").body("{\"company\":\"Engines \\ud800\"}")
                .when().post("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("company"));
    }

    @Test
    void aNumberWhereTextIsExpectedIsA400NotAString() {
        as("contacts-editor").contentType("application/json").body("{\"firstName\":5}")
                .when().post("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("firstName"));
        String id = create("{\"firstName\":\"Ada\"}");
        as("contacts-editor").contentType("application/merge-patch+json").body("{\"firstName\":5}")
                .when().patch("/api/contacts/" + id)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("firstName"));
    }

    @Test
    void aWrongContentTypeIsA415Problem() {
        as("contacts-editor").contentType("text/plain").body("{\"firstName\":\"Ada\"}")
                .when().post("/api/contacts")
                .then().statusCode(415)
                .contentType("application/problem+json");
        String id = create("{\"firstName\":\"Ada\"}");
        as("contacts-editor").contentType("application/json").body("{\"firstName\":\"Grace\"}")
                .when().patch("/api/contacts/" + id)
                .then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void aLastNameCursorRevealsNoNameAndATamperedOneIsA400Problem() {
        create("{\"lastName\":\"Zeppelin-Secret\"}");
        create("{\"lastName\":\"Zeppelin-Other\"}");
        String next = as("viewer").queryParam("sort", "lastName").queryParam("limit", 1).when().get("/api/contacts")
                .then().statusCode(200).extract().path("next");

        assertThat(next).isNotNull();
        String decoded = new String(Base64.getUrlDecoder().decode(next), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("Zeppelin").doesNotContain("lastName");

        char[] tampered = next.toCharArray();
        tampered[tampered.length / 2] = tampered[tampered.length / 2] == 'A' ? 'B' : 'A';
        as("viewer").queryParam("sort", "lastName").queryParam("cursor", new String(tampered)).when().get("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("cursor"));
        // Another tenant's (valid) cursor is not a cursor for this tenant.
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer"))
                .queryParam("sort", "lastName").queryParam("cursor", next).when().get("/api/contacts")
                .then().statusCode(400);
        as("viewer").queryParam("sort", "lastName").queryParam("limit", 1).queryParam("cursor", next).when().get("/api/contacts")
                .then().statusCode(200).body("items[0].lastName", equalTo("Zeppelin-Secret"));
    }

    @Test
    void outOfRangeTimestampsAndLimitsAre400ProblemsNever500() {
        for (String since : new String[] {"+200000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"}) {
            as("viewer").queryParam("updatedSince", since).when().get("/api/contacts")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("updatedSince"))
                    .body(not(containsString(since)));
        }
        for (String limit : new String[] {"99999999999", "0", "201", "ten"}) {
            as("viewer").queryParam("limit", limit).when().get("/api/contacts")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("limit"));
        }
        as("viewer").queryParam("updatedSince", "9999-12-31T23:59:59Z").when().get("/api/contacts")
                .then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void aNulCharacterInAQueryParameterIsA400Problem() {
        as("viewer").queryParam("q", "Ada\u0000").when().get("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }
}

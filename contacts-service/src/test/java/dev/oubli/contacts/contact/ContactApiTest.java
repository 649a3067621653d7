package dev.oubli.contacts.contact;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The contacts API: the full card, merge patch, delete, listing with filters and cursors, errors and roles. */
@QuarkusTest
class ContactApiTest {

    final UUID tenant = UUID.randomUUID();

    RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, role));
    }

    String create(String body) {
        return as("contacts-editor").contentType("application/json").body(body)
                .when().post("/api/contacts")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void createsTheFullCardAndReadsItBack() {
        String location = as("contacts-editor").contentType("application/json").body("""
                        {"firstName":"Ada","lastName":"Lovelace","email":"Ada@Example.com","phone":"06 12 34 56 78",
                         "company":"Analytical Engines","jobTitle":"Analyst","attributes":{"tier":"gold","score":3},
                         "source":"web-form","lawfulBasis":"CONSENT"}""")
                .when().post("/api/contacts")
                .then().statusCode(201)
                .header("Location", containsString("/api/contacts/"))
                .extract().header("Location");

        as("privacy-officer").when().get(location)
                .then().statusCode(200)
                .body("email", equalTo("ada@example.com"))
                .body("phone", equalTo("+33612345678"))
                .body("company", equalTo("Analytical Engines"))
                .body("jobTitle", equalTo("Analyst"))
                .body("attributes.tier", equalTo("gold"))
                .body("attributes.score", equalTo(3))
                .body("source", equalTo("web-form"))
                .body("lawfulBasis", equalTo("CONSENT"))
                .body("processingRestricted", equalTo(false))
                .body("consents", hasSize(0));
    }

    @Test
    void answers409NamingTheContactThatAlreadyHasTheEmail() {
        String first = create("{\"email\":\"grace@example.com\"}");
        as("contacts-editor").contentType("application/json").body("{\"email\":\" GRACE@example.com\"}")
                .when().post("/api/contacts")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/duplicate-email"))
                .body("detail", containsString(first))
                .body(not(containsString("grace@")));
        // The same email in another tenant is another person's card.
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "contacts-editor"))
                .contentType("application/json").body("{\"email\":\"grace@example.com\"}")
                .when().post("/api/contacts").then().statusCode(201);
    }

    @Test
    void rejectsInvalidFieldsWithProblems() {
        for (String body : List.of("{\"email\":\"ada@example\"}", "{\"email\":\"ada@@example.com\"}",
                "{\"phone\":\"+33 1\"}", "{\"firstName\":\"" + "a".repeat(201) + "\"}",
                "{\"company\":\"" + "a".repeat(201) + "\"}", "{\"lawfulBasis\":\"BECAUSE\"}",
                "{\"attributes\":{\"big\":\"" + "x".repeat(17 * 1024) + "\"}}", "{\"nickname\":\"Ada\"}", "{\"firstName\":")) {
            as("contacts-editor").contentType("application/json").body(body)
                    .when().post("/api/contacts")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body(not(containsString("ada@")));
        }
        StringBuilder many = new StringBuilder("{\"attributes\":{");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        as("contacts-editor").contentType("application/json").body(many.append("}}").toString())
                .when().post("/api/contacts")
                .then().statusCode(400).body("detail", containsString("50 keys"));
    }

    @Test
    void mergePatchSetsClearsAndKeepsFields() {
        String id = create("""
                {"firstName":"Ada","lastName":"Byron","email":"ada.byron@example.com","company":"Old","attributes":{"a":1,"b":{"c":2}}}""");
        as("contacts-editor").contentType("application/merge-patch+json")
                .body("{\"lastName\":\"Lovelace\",\"company\":null,\"phone\":\"+44 20 7946 0958\",\"attributes\":{\"a\":null,\"b\":{\"d\":3}}}")
                .when().patch("/api/contacts/" + id)
                .then().statusCode(200)
                .body("firstName", equalTo("Ada"))
                .body("lastName", equalTo("Lovelace"))
                .body("company", nullValue())
                .body("phone", equalTo("+442079460958"))
                .body("attributes.a", nullValue())
                .body("attributes.b.c", equalTo(2))
                .body("attributes.b.d", equalTo(3));

        // The blind index followed the new phone: the phone filter finds the contact by it.
        as("viewer").queryParam("phone", "+44 20 7946 0958").when().get("/api/contacts")
                .then().statusCode(200).body("items.id", containsInAnyOrder(id));
    }

    @Test
    void mergePatchValidatesLikeCreation() {
        String id = create("{\"email\":\"patch.me@example.com\"}");
        String other = create("{\"email\":\"taken@example.com\"}");
        as("contacts-editor").contentType("application/merge-patch+json").body("{\"email\":\"not-an-email\"}")
                .when().patch("/api/contacts/" + id).then().statusCode(400).contentType("application/problem+json");
        as("contacts-editor").contentType("application/merge-patch+json").body("{\"id\":\"" + UUID.randomUUID() + "\"}")
                .when().patch("/api/contacts/" + id).then().statusCode(400).contentType("application/problem+json");
        as("contacts-editor").contentType("application/merge-patch+json").body("{\"email\":")
                .when().patch("/api/contacts/" + id).then().statusCode(400).body("detail", equalTo("The body is not valid JSON."));
        as("contacts-editor").contentType("application/merge-patch+json").body("{\"email\":\"Taken@example.com\"}")
                .when().patch("/api/contacts/" + id).then().statusCode(409).body("detail", containsString(other));
        as("viewer").when().get("/api/contacts/" + id).then().body("email", equalTo("patch.me@example.com"));
    }

    @Test
    void aLocalDeleteRemovesTheContactRowOnly() {
        String id = create("{\"firstName\":\"Temp\"}");
        as("contacts-editor").queryParam("scope", "local").when().delete("/api/contacts/" + id).then().statusCode(204);
        as("viewer").when().get("/api/contacts/" + id).then().statusCode(404);
        as("contacts-editor").queryParam("scope", "local").when().delete("/api/contacts/" + id).then().statusCode(404);
        as("contacts-editor").when().delete("/api/contacts/" + id).then().statusCode(404);
    }

    @Test
    void anotherTenantsContactIsNotFoundOnReadPatchAndDelete() {
        String id = create("{\"firstName\":\"Mine\"}");
        RequestSpecification stranger = given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "contacts-editor"));
        stranger.when().get("/api/contacts/" + id).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "contacts-editor"))
                .contentType("application/merge-patch+json").body("{\"firstName\":\"Theirs\"}")
                .when().patch("/api/contacts/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "contacts-editor"))
                .when().delete("/api/contacts/" + id).then().statusCode(404);
        as("viewer").when().get("/api/contacts/" + id).then().statusCode(200).body("firstName", equalTo("Mine"));
    }

    @Test
    void aViewerAndAPrivacyOfficerReadButMayNotWrite() {
        String id = create("{\"firstName\":\"Ro\"}");
        for (String role : List.of("viewer", "privacy-officer")) {
            as(role).when().get("/api/contacts/" + id).then().statusCode(200);
            as(role).contentType("application/json").body("{\"firstName\":\"X\"}").when().post("/api/contacts").then().statusCode(403);
            as(role).contentType("application/merge-patch+json").body("{\"firstName\":\"X\"}")
                    .when().patch("/api/contacts/" + id).then().statusCode(403);
            as(role).when().delete("/api/contacts/" + id).then().statusCode(403);
        }
        given().when().delete("/api/contacts/" + id).then().statusCode(401);
        given().contentType("application/merge-patch+json").body("{}").when().patch("/api/contacts/" + id).then().statusCode(401);
    }

    @Test
    void filtersByEmailTextAndUpdatedSince() {
        String ada = create("{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada.l@example.com\",\"company\":\"Engines\"}");
        String grace = create("{\"firstName\":\"Grace\",\"lastName\":\"Hopper\",\"company\":\"Navy 100%\"}");
        as("viewer").queryParam("email", "ADA.L@example.com").when().get("/api/contacts")
                .then().statusCode(200).body("items.id", containsInAnyOrder(ada));
        as("viewer").queryParam("q", "engin").when().get("/api/contacts")
                .then().body("items.id", containsInAnyOrder(ada));
        as("viewer").queryParam("q", "100%").when().get("/api/contacts")
                .then().body("items.id", containsInAnyOrder(grace));
        as("viewer").queryParam("q", "grace hopper").when().get("/api/contacts")
                .then().body("items.id", containsInAnyOrder(grace));
        as("viewer").queryParam("updatedSince", "2999-01-01T00:00:00Z").when().get("/api/contacts")
                .then().body("items", hasSize(0));
        as("viewer").queryParam("sort", "lastName").when().get("/api/contacts")
                .then().body("items.id", org.hamcrest.Matchers.contains(grace, ada));
        as("viewer").queryParam("sort", "shoeSize").when().get("/api/contacts").then().statusCode(400);
        as("viewer").queryParam("cursor", "bm9wZQ").when().get("/api/contacts").then().statusCode(400);
        as("viewer").queryParam("consent", "EMAIL:MARKETING:NONE").when().get("/api/contacts")
                .then().body("items.id", containsInAnyOrder(ada, grace));
        as("viewer").queryParam("consent", "EMAIL:MARKETING:GRANTED").when().get("/api/contacts")
                .then().body("items", hasSize(0));
        as("viewer").queryParam("email", "not-an-email").when().get("/api/contacts").then().statusCode(400);
    }

    @Test
    void cursorPagesAreStableWhileContactsAreInserted() throws Exception {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            before.add(create("{\"firstName\":\"Before " + i + "\"}"));
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<Integer> inserted = writer.submit(() -> {
            int count = 0;
            while (paging.get()) {
                create("{\"firstName\":\"During " + count++ + "\"}");
            }
            return count;
        });
        try {
            for (String sort : List.of("-createdAt", "createdAt", "updatedAt", "-lastName")) {
                List<String> seen = new ArrayList<>();
                String cursor = null;
                do {
                    var page = as("viewer").queryParam("limit", 4).queryParam("sort", sort)
                            .queryParams(cursor == null ? java.util.Map.of() : java.util.Map.of("cursor", cursor))
                            .when().get("/api/contacts").then().statusCode(200).extract();
                    seen.addAll(page.path("items.id"));
                    cursor = page.path("next");
                } while (cursor != null);
                Set<String> distinct = new HashSet<>(seen);
                assertThat(distinct).as("no contact twice, sorted by " + sort).hasSameSizeAs(seen);
                assertThat(distinct).as("every contact present before paging, sorted by " + sort).containsAll(before);
            }
        } finally {
            paging.set(false);
            assertThat(inserted.get()).as("contacts inserted while paging").isPositive();
            writer.shutdown();
        }
    }

    @Test
    void restrictedContactsStayOutOfDefaultListings() {
        String open = create("{\"firstName\":\"Open\"}");
        as("viewer").queryParam("restricted", "true").when().get("/api/contacts").then().body("items", hasSize(0));
        as("viewer").queryParam("restricted", "any").when().get("/api/contacts").then().body("items.id", containsInAnyOrder(open));
        as("viewer").queryParam("restricted", "maybe").when().get("/api/contacts").then().statusCode(400);
    }
}

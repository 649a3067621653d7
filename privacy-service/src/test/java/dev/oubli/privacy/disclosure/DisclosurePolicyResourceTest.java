package dev.oubli.privacy.disclosure;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Disclosure templates are tenant text: a closed set of placeholders, never evaluated by a template engine
 * (ADR 0019). The attacks below were all answered 200 (or 500) when templates were Qute.
 */
@QuarkusTest
class DisclosurePolicyResourceTest {

    static final UUID TENANT = UUID.randomUUID();
    static final AtomicInteger AGENTS = new AtomicInteger();

    static String officer() {
        return TestTokens.forTenant(TENANT, "privacy-officer");
    }

    static ValidatableResponse put(String agentId, String channel, Map<String, Object> body) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body(body)
                .when().put("/api/disclosure-policies/" + agentId + "/" + channel).then();
    }

    static Map<String, Object> policy(String agentName, String agentRole, String companyName, String template) {
        Map<String, Object> body = new HashMap<>();
        body.put("agentName", agentName);
        body.put("agentRole", agentRole);
        body.put("companyName", companyName);
        body.put("template", template);
        return body;
    }

    static String freshAgent() {
        return "agent-" + AGENTS.incrementAndGet();
    }

    static void assertRefusedAndNotStored(ValidatableResponse answer, String agentId) {
        answer.statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/invalid-request"))
                .body("detail", allOf(startsWith("template"), not(containsString("local-dev-only")),
                        not(containsString("b3VibGkt"))));
        given().auth().oauth2(officer()).when().get("/api/disclosure-policies").then().statusCode(200)
                .body("policies.agentId", not(hasItem(agentId)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{config:['quarkus.datasource.password']}",
            "{config:['oubli.subject-index.master-secret']}",
            "{config:['oubli.privacy.exports.link-secret']}",
            "{config:quarkus.datasource.password}",
            "{config:property('quarkus.datasource.password')}",
            "{inject:vertx}",
            "{inject:vertx.getClass().getName()}",
            "{cdi:vertx}",
            "{#let secret=config:['quarkus.datasource.password']}{secret}{/let}",
            "{#for i in 100000}{#for j in 100000}{i}{/for}{/for}",
            "{#each agentName}{it}{/each}",
            "{#if agentName}yes{/if}",
            "{#if companyName} of {companyName}{/if}",
            "{#include x /}",
            "{#insert body}x{/insert}",
            "{#fragment id=f}x{/fragment}",
            "{#with agentName}{it}{/with}",
            "{#when agentName}{#is 'a'}x{/when}",
            "{#switch agentName}{#case 'a'}x{/switch}",
            "{#eval agentName /}",
            "{#cached}x{/cached}",
            "{/if}",
            "{! comment !}",
            "{|raw {text}|}",
            "{agentName.getClass()}",
            "{agentName.getClass().getName()}",
            "{agentName.length}",
            "{agentName ?: 'x'}",
            "{agentRole ?: 'assistant'}",
            "{agentName or 'x'}",
            "{agentName.or('x')}",
            "{agentName[0]}",
            "{agentName['x']}",
            "{str:concat('a', 'b')}",
            "{msg:hello}",
            "{global:x}",
            "{data:agentName}",
            "{time:format(agentName, 'd')}",
            "{_args}",
            "{it}",
            "{agentname}",
            "{AGENTNAME}",
            "{ agentName }",
            "{}",
            "{agentName",
            "Hello {agentName}, {",
            "}",
            "{agentName}}",
            "{agentName{channel}}",
    })
    void refusesEveryTemplateConstructBeyondThePlaceholders(String attack) {
        String agent = freshAgent();
        assertRefusedAndNotStored(put(agent, "EMAIL", policy("Emile", "copywriter", "Acme", attack)), agent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bell \u0007", "carriage\rreturn", "escape \u001b[31m", "delete \u007f", "next line \u0085",
            "lone surrogate \ud800"})
    void refusesControlCharactersInTheTemplate(String template) {
        String agent = freshAgent();
        assertRefusedAndNotStored(put(agent, "EMAIL", policy("Emile", null, null, template)), agent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"agentName", "agentRole", "companyName"})
    void refusesAControlCharacterInTheNames(String field) {
        Map<String, Object> body = policy("Emile", "copywriter", "Acme", null);
        body.put(field, "Emi\u001ble");
        put(freshAgent(), "EMAIL", body).statusCode(400)
                .contentType("application/problem+json")
                .body("detail", startsWith(field + ", character 4: a control character"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"template", "agentName", "agentRole", "companyName"})
    void refusesANulCharacterAnywhere(String field) {
        Map<String, Object> body = policy("Emile", "copywriter", "Acme", null);
        body.put(field, "Emi\u0000le");
        String agent = freshAgent();
        put(agent, "EMAIL", body).statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(officer()).when().get("/api/disclosure-policies").then().statusCode(200)
                .body("policies.agentId", not(hasItem(agent)));
    }

    @Test
    void refusesATemplateLongerThan2000Characters() {
        String agent = freshAgent();
        assertRefusedAndNotStored(put(agent, "EMAIL", policy("Emile", null, null, "{agentName} " + "x".repeat(1989))), agent);
        put(agent, "EMAIL", policy("Emile", null, null, "{agentName} " + "x".repeat(1988))).statusCode(200);
    }

    @Test
    void rendersEveryPlaceholderAndTheLiteralBracesInTheExample() {
        put("emile", "EMAIL", policy("Emile", "copywriter", "Acme",
                "Hi, {agentName}, the AI {agentRole} of {companyName} ({agentId} on {channel}) {{not a placeholder}}\nBye"))
                .statusCode(200)
                .body("template", equalTo("Hi, {agentName}, the AI {agentRole} of {companyName} ({agentId} on {channel}) "
                        + "{{not a placeholder}}\nBye"))
                .body("example", equalTo("Hi, Emile, the AI copywriter of Acme (emile on EMAIL) {not a placeholder}\nBye"));
    }

    @Test
    void aPolicyWithoutTemplateTakesTheDefaultWithItsCompany() {
        put("paul", "SMS", policy("Paul", null, "Acme", null)).statusCode(200)
                .body("template", equalTo("{agentName}, an AI {agentRole} of {companyName}"))
                .body("example", equalTo("Paul, an AI assistant of Acme"));
        put("paul", "SMS", policy(null, "  ", "", " ")).statusCode(200)
                .body("version", equalTo(2))
                .body("template", equalTo("{agentName}, an AI {agentRole}"))
                .body("example", equalTo("paul, an AI assistant"));
    }

    @Test
    void theContactCheckSaysTheRenderedTextOfTheTenantsPolicyForEveryAgent() {
        String email = "ada+" + UUID.randomUUID() + "@example.com";
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("""
                        {"subject":{"email":"%s"},"channel":"EMAIL","purpose":"NEWSLETTER","state":"GRANTED","source":"FORM",
                         "proof":{"collectedAt":"2026-03-01T10:00:00Z","textVersion":"form-v1"}}"""
                        .formatted(email))
                .when().post("/api/consents").then().statusCode(201);
        put("*", "ANY", policy(null, null, "Acme", "{agentName} ({agentId}) writes by {channel} for {companyName}; {{sic}}"))
                .statusCode(200)
                .body("example", equalTo("agent (agent) writes by ANY for Acme; {sic}"));

        given().auth().oauth2(TestTokens.forClient(TENANT, "zoe", "agent")).contentType(ContentType.JSON).body("""
                        {"agentId":"zoe","channel":"EMAIL","purpose":"NEWSLETTER","recipient":{"email":"%s"}}""".formatted(email))
                .when().post("/api/contact-checks").then().statusCode(200)
                .body("decision", equalTo("ALLOWED"))
                .body("disclosure.text", equalTo("zoe (zoe) writes by EMAIL for Acme; {sic}"))
                .body("disclosure.version", equalTo("*/ANY/v1"));
    }
}

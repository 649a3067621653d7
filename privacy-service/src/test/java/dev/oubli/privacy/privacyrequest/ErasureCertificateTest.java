package dev.oubli.privacy.privacyrequest;

import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.SignatureConfig;
import dev.oubli.events.RequestType;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A completed erasure is certified: the certificate verifies, here and with Tink alone; a modified one does not. */
@QuarkusTest
class ErasureCertificateTest {

    static final String EMAIL = "ada.lovelace@example.com";

    final UUID tenant = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void certifiesACompletedErasureVerifiablyAndRefusesAModifiedCertificate() throws Exception {
        UUID contact = UUID.randomUUID();
        UUID id;
        try (TestOwner owners = new TestOwner(bootstrapServers, tenant)) {
            id = UUID.fromString(given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType(ContentType.JSON)
                    .body("{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"" + EMAIL + "\"],\"contactIds\":[\"" + contact + "\"]}}")
                    .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id"));
            owners.await(id, 1);
            given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/privacy-requests/" + id + "/certificate").then().statusCode(404);
            owners.complete(id, "test-owner-a", RequestType.ERASURE, Map.of("erased", 3L));
            owners.complete(id, "test-owner-b", RequestType.ERASURE, Map.of("erased", 0L));
        }
        await().atMost(RequestEngineTest.RECEIPTS).untilAsserted(() -> given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .when().get("/api/privacy-requests/" + id + "/certificate").then().statusCode(200));

        Map<String, String> certificate = given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .when().get("/api/privacy-requests/" + id + "/certificate").then().statusCode(200).extract().as(Map.class);
        String document = certificate.get("document");
        assertThat(document).contains(id.toString(), tenant.toString(), contact.toString(), subjectIndex.email(tenant, EMAIL).value(),
                "\"owner\":\"test-owner-a\"", "\"erased\":3", "oubli-erasure-certificate-v1");
        // The audit chain's head as it stood (docs/adr/0026): an entry the tenant's chain really holds.
        com.fasterxml.jackson.databind.JsonNode head = new com.fasterxml.jackson.databind.ObjectMapper().readTree(document).path("auditHead");
        long seq = head.path("seq").asLong();
        assertThat(seq).isPositive();
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events?after=" + (seq - 1) + "&limit=1")
                .then().statusCode(200).body("items[0].seq", equalTo((int) seq)).body("items[0].hash", equalTo(head.path("hash").asText()));
        // "ada@" and not "ada": a blind index (base64url) may hold those three letters by chance, never an '@' or a '.'.
        assertThat(document.toLowerCase()).doesNotContain("ada@", "example.com");

        verification(document, certificate.get("signature")).body("valid", equalTo(true));
        verification(document.replace("\"erased\":3", "\"erased\":0"), certificate.get("signature")).body("valid", equalTo(false));
        verification(document.replace(contact.toString(), UUID.randomUUID().toString()), certificate.get("signature")).body("valid", equalTo(false));
        String otherSignature = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[69]);
        verification(document, otherSignature).body("valid", equalTo(false));

        // Anyone can check it without the service: Tink and the published public key.
        SignatureConfig.register();
        String publicKey = given().when().get("/public/erasure-certificates/public-key").then().statusCode(200).extract().asString();
        PublicKeyVerify verifier = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKey)
                .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
        byte[] signature = Base64.getUrlDecoder().decode(certificate.get("signature"));
        verifier.verify(signature, document.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verifier.verify(signature, document.replace("\"erased\":3", "\"erased\":4").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class);
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer")).when().get("/api/privacy-requests/" + id + "/certificate")
                .then().statusCode(404);
    }

    static io.restassured.response.ValidatableResponse verification(String document, String signature) {
        return given().contentType(ContentType.JSON).body(Map.of("document", document, "signature", signature))
                .when().post("/public/erasure-certificates/verification").then().statusCode(200);
    }
}

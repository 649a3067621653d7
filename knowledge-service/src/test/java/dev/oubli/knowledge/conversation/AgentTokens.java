package dev.oubli.knowledge.conversation;

import dev.oubli.tenancy.TestTokens;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tokens of an AI agent as Keycloak issues them for a client-credentials grant ({@code client_id} names the client),
 * signed with the test key of the tenancy test-jar, like {@link TestTokens}.
 */
final class AgentTokens {

    private AgentTokens() {
    }

    static String forAgent(UUID tenant, String clientId) {
        try (InputStream pem = TestTokens.class.getResourceAsStream("/test-token-signing.pem")) {
            PrivateKey key = KeyUtils.decodePrivateKey(new String(pem.readAllBytes(), StandardCharsets.US_ASCII));
            return Jwt.issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                    .subject(UUID.randomUUID().toString())
                    .claim("client_id", clientId)
                    .claim("azp", clientId)
                    .claim("preferred_username", "service-account-" + clientId)
                    .claim("realm_access", Map.of("roles", List.of("agent")))
                    .claim("tenant_id", tenant.toString())
                    .expiresIn(300)
                    .sign(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test agent token", e);
        }
    }
}

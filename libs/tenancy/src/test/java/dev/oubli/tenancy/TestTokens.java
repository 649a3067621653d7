package dev.oubli.tenancy;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Access tokens for service tests, signed with the test key whose public half the tenancy test-jar
 * configures (see META-INF/microprofile-config.properties). They look like Keycloak's: issuer, audience
 * {@code oubli-api}, realm roles under {@code realm_access.roles}, {@code tenant_id}, and the client the token was
 * issued to in {@code azp} ({@code oubli-web} for a user; the client itself for {@link #forClient}).
 */
public final class TestTokens {

    public static final String ISSUER = "https://tokens.test.oubli.dev";
    public static final String AUDIENCE = "oubli-api";

    private static final PrivateKey SIGNING_KEY = loadSigningKey();

    private TestTokens() {
    }

    /** A token of a user of {@code tenant} holding {@code roles}. */
    public static String forTenant(UUID tenant, String... roles) {
        return claims(roles).claim(CallerTenant.CLAIM, tenant.toString()).sign(SIGNING_KEY);
    }

    /**
     * A client-credentials token of a confidential client of {@code tenant} (an AI agent such as {@code emile}), as
     * Keycloak issues it: {@code azp} and {@code client_id} name the client, the subject is its service account.
     */
    public static String forClient(UUID tenant, String clientId, String... roles) {
        return claims(roles).claim("azp", clientId).claim("client_id", clientId)
                .claim("preferred_username", "service-account-" + clientId)
                .claim(CallerTenant.CLAIM, tenant.toString()).sign(SIGNING_KEY);
    }

    /** A valid token whose {@code tenant_id} claim is absent. */
    public static String withoutTenant(String... roles) {
        return claims(roles).sign(SIGNING_KEY);
    }

    /** A valid token whose {@code tenant_id} claim holds {@code value}, whatever it is. */
    public static String withTenantClaim(String value, String... roles) {
        return claims(roles).claim(CallerTenant.CLAIM, value).sign(SIGNING_KEY);
    }

    /** A token identical to {@link #forTenant} but for another audience. */
    public static String forOtherAudience(UUID tenant, String... roles) {
        return claims(roles).audience("another-api").claim(CallerTenant.CLAIM, tenant.toString()).sign(SIGNING_KEY);
    }

    private static JwtClaimsBuilder claims(String... roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(UUID.randomUUID().toString())
                .claim("azp", "oubli-web")
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(300);
    }

    private static PrivateKey loadSigningKey() {
        try (InputStream pem = TestTokens.class.getResourceAsStream("/test-token-signing.pem")) {
            if (pem == null) {
                throw new IllegalStateException("test-token-signing.pem is missing from the tenancy test-jar");
            }
            return KeyUtils.decodePrivateKey(new String(pem.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

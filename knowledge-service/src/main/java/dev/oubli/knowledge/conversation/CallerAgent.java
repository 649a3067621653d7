package dev.oubli.knowledge.conversation;

import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * The AI agent calling, as conversations name it: an agent is a Keycloak client with a service account (realm
 * {@code oubli}: {@code emile}, {@code tom}), whose client-credentials tokens carry {@code client_id}. A person
 * holding the {@code agent} role (a user token, no {@code client_id}) is named by {@code preferred_username}.
 */
@RequestScoped
class CallerAgent {

    private final JsonWebToken token;

    CallerAgent(JsonWebToken token) {
        this.token = token;
    }

    Optional<String> name() {
        return claim("client_id").or(() -> claim("preferred_username"));
    }

    private Optional<String> claim(String name) {
        Object value = token.getClaim(name);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }
}

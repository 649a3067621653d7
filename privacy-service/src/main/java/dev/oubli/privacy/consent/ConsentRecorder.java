package dev.oubli.privacy.consent;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who recorded a consent change, as an opaque id and never personal data (docs/adr/0021): a client id for a
 * client-credentials token (Keycloak puts {@code client_id} in those only), else the token's subject ({@code sub},
 * never {@code preferred_username} or {@code email}, which may be an address); {@link #SYSTEM} for the changes
 * privacy-service records itself (the unsubscribe link, privacy requests).
 */
public record ConsentRecorder(Kind kind, String id) {

    public enum Kind { USER, CLIENT, SYSTEM }

    public static final ConsentRecorder SYSTEM = new ConsentRecorder(Kind.SYSTEM, "privacy-service");

    /** The caller of the current request, from its verified token. */
    public static ConsentRecorder of(JsonWebToken token) {
        String client = token.getClaim("client_id") == null ? null : token.getClaim("client_id").toString();
        if (client != null && !client.isBlank()) {
            return new ConsentRecorder(Kind.CLIENT, bounded(client));
        }
        return new ConsentRecorder(Kind.USER, bounded(token.getSubject() == null ? "unknown" : token.getSubject()));
    }

    /** Keycloak's ids are far shorter; the column holds 100 characters. */
    private static String bounded(String id) {
        return id.length() <= 100 ? id : id.substring(0, 100);
    }
}

package dev.oubli.contacts.contact;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who acts, as an opaque id an event or an audit entry may carry: the client id of a client-credentials token, else the
 * token's subject; never a user name or an address (docs/adr/0035, 0036).
 */
public final class StaffId {

    private StaffId() {
    }

    public static String of(JsonWebToken token) {
        Object client = token.getClaim("client_id");
        String id = client != null && !client.toString().isBlank() ? client.toString() : token.getSubject();
        if (id == null || id.isBlank() || id.chars().anyMatch(Character::isISOControl)) {
            return "unknown";
        }
        return id.length() <= 100 ? id : id.substring(0, 100);
    }
}

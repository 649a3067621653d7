package dev.oubli.web.page;

import io.vertx.core.json.JsonObject;

/**
 * A tenant as its public page shows it ({@code GET /public/tenants/{id}}). {@code displayName} and
 * {@code privacyContact} are null when the directory could not be read: the page then says so instead of failing.
 */
public record Tenant(String id, String displayName, String privacyContact) {

    static Tenant from(String id, JsonObject body) {
        return new Tenant(id, body.getString("displayName"), body.getString("privacyContact"));
    }

    public boolean known() {
        return displayName != null;
    }
}

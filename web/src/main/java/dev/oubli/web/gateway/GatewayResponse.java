package dev.oubli.web.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What the gateway answered: the status and the JSON body (empty when there was none or it was not JSON). */
public record GatewayResponse(int status, JsonObject body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The problem's {@code type} without its prefix ({@code verification-code-invalid}), or "" when none. */
    public String problem() {
        String type = body.getString("type", "");
        return type.substring(type.lastIndexOf('/') + 1);
    }

    public JsonArray items() {
        JsonArray items = body.getJsonArray("items");
        return items == null ? new JsonArray() : items;
    }
}

package dev.oubli.web.portal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The private status page's data, in plain words of the page's language, from the privacy API's status answer. */
final class StatusView {

    /** One owner's part: what it covers and where it stands. */
    public record Step(String name, String state, String css) {
    }

    private StatusView() {
    }

    static Map<String, Object> of(JsonObject body, Map<String, String> t, String path, boolean fresh) {
        String type = body.getString("type", "");
        String status = body.getString("status", "");
        Map<String, Object> data = new HashMap<>();
        data.put("fresh", fresh);
        data.put("path", path);
        data.put("right", t.getOrDefault("right_" + type.toLowerCase(Locale.ROOT), type));
        data.put("status", t.getOrDefault("statusPage_" + status, status));
        data.put("statusCode", status);
        String reason = body.getString("closingReason");
        data.put("closing", reason == null ? "" : t.getOrDefault("closing_" + reason, reason));
        data.put("receivedOn", date(body.getString("receivedAt")));
        data.put("dueOn", date(body.getString("dueOn")));
        data.put("completedOn", date(body.getString("completedAt")));
        Integer months = body.getInteger("extensionMonths");
        data.put("extension", months == null ? "" : t.get("statusExtended").replace("{months}", months.toString()));
        data.put("extensionReason", body.getString("extensionReason", ""));
        List<Step> steps = new ArrayList<>();
        JsonArray given = body.getJsonArray("steps", new JsonArray());
        for (int i = 0; i < given.size(); i++) {
            JsonObject step = given.getJsonObject(i);
            String owner = step.getString("owner", "");
            String state = step.getString("status", "");
            steps.add(new Step(t.getOrDefault("step_" + owner, t.get("step_other")), t.getOrDefault("stepState_" + state, state),
                    state.toLowerCase(Locale.ROOT)));
        }
        data.put("steps", steps);
        JsonObject export = body.getJsonObject("export");
        data.put("exportState", export == null ? "" : export.getString("state", ""));
        // The API's link is relative to the gateway, which serves these pages too.
        String link = export == null ? null : export.getString("link");
        data.put("exportLink", link != null && link.startsWith("/public/exports/") ? link : "");
        data.put("exportExpires", export == null ? "" : date(export.getString("expiresAt")));
        JsonObject certificate = body.getJsonObject("certificate");
        data.put("certificate", certificate == null ? "" : certificate.encode());
        return data;
    }

    /** The day of an ISO-8601 date or instant ({@code 2026-12-04T…} → {@code 2026-12-04}), or "". */
    static String date(String iso) {
        return iso == null || iso.length() < 10 ? "" : iso.substring(0, 10);
    }
}

package dev.oubli.web.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calling-hours part of the policies page (docs/adr/0046): the API's effective hours as rows to show, and the
 * officer's form (each day's windows, comma separated, and a holiday calendar) as the body of {@code PUT /api/calling-hours}.
 * The API validates the windows; its 400 is shown on the page.
 */
final class CallingHoursForm {

    static final List<String> DAYS = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");
    static final List<String> CALENDARS = List.of("FRANCE", "FRANCE_ALSACE_MOSELLE", "NONE");

    private CallingHoursForm() {
    }

    /** @param windowsByDay each day's field as typed: {@code 09:00-12:00, 14:00-18:00}; blank or absent: no calling */
    static JsonObject body(Map<String, String> windowsByDay, String holidays) {
        JsonObject days = new JsonObject();
        windowsByDay.forEach((day, text) -> {
            JsonArray windows = new JsonArray();
            if (text != null) {
                for (String window : text.split("[,;]")) {
                    if (!window.isBlank()) {
                        windows.add(window.strip().replace(" ", ""));
                    }
                }
            }
            if (!windows.isEmpty()) {
                days.put(day.toLowerCase(Locale.ROOT), windows);
            }
        });
        JsonObject body = new JsonObject().put("days", days);
        if (holidays != null && !holidays.isBlank()) {
            body.put("holidays", holidays);
        }
        return body;
    }

    /** What the page shows: whose hours, the zone, each day with its windows, the calendars with the chosen one. */
    static Map<String, Object> view(JsonObject effective, Map<String, String> texts) {
        JsonObject days = effective.getJsonObject("days", new JsonObject());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String day : DAYS) {
            List<String> windows = new ArrayList<>();
            days.getJsonArray(day, new JsonArray()).forEach(window -> windows.add(String.valueOf(window)));
            rows.add(Map.of("day", day, "label", texts.getOrDefault("day_" + day, day), "windows", String.join(", ", windows)));
        }
        String chosen = effective.getString("holidays", "FRANCE");
        List<Map<String, Object>> calendars = CALENDARS.stream().map(code -> Map.<String, Object>of("code", code,
                "label", texts.getOrDefault("calendar_" + code, code), "selected", code.equals(chosen))).toList();
        Map<String, Object> view = new HashMap<>();
        view.put("own", "TENANT".equals(effective.getString("source")));
        view.put("timeZone", effective.getString("timeZone", ""));
        view.put("version", effective.getValue("version") == null ? "" : String.valueOf(effective.getValue("version")));
        view.put("days", rows);
        view.put("calendars", calendars);
        view.put("holidays", texts.getOrDefault("calendar_" + chosen, chosen));
        return view;
    }

    /** The seven day fields of the form, in order. */
    static Map<String, String> fields(String... values) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < DAYS.size(); i++) {
            fields.put(DAYS.get(i), values[i]);
        }
        return fields;
    }
}

package dev.oubli.web.console;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A request in the console's list: its due state decides the highlight. An open request past its due date is overdue;
 * one due within seven days (today included) is due soon. Closed requests are never highlighted.
 */
public record RequestRow(String id, String type, String status, String receivedAt, String dueOn, String urgency) {

    static RequestRow of(JsonObject item, LocalDate today) {
        String dueOn = item.getString("dueOn", "");
        String status = item.getString("status", "");
        return new RequestRow(item.getString("id"), item.getString("type", ""), status,
                item.getString("receivedAt", "").replaceFirst("T.*", ""), dueOn,
                urgency(status, dueOn, item.getBoolean("overdue", false), today));
    }

    static String urgency(String status, String dueOn, boolean overdue, LocalDate today) {
        boolean open = status.equals("RECEIVED") || status.equals("IDENTITY_PENDING") || status.equals("IN_PROGRESS");
        if (!open || dueOn.isEmpty()) {
            return "";
        }
        LocalDate due = LocalDate.parse(dueOn);
        if (overdue || due.isBefore(today)) {
            return "overdue";
        }
        return ChronoUnit.DAYS.between(today, due) < 7 ? "due-soon" : "";
    }
}

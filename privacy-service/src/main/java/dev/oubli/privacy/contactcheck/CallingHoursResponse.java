package dev.oubli.privacy.contactcheck;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's effective calling hours (docs/adr/0046).
 *
 * @param source   {@code TENANT} (its own, set through the API) or {@code DEFAULT} (the platform's)
 * @param days     every day of the week, Monday first, with its windows {@code HH:mm-HH:mm}, judged in the recipient's zone
 * @param holidays the holiday calendar whose days are off: {@code FRANCE}, {@code FRANCE_ALSACE_MOSELLE} or {@code NONE}
 * @param timeZone the tenant's registry zone: the recipient's when neither the check nor the phone number tells it
 * @param version  of the tenant's own hours, null for the default
 */
public record CallingHoursResponse(String source, Map<String, List<String>> days, String holidays, String timeZone,
                                   Integer version, Instant updatedAt) {

    static CallingHoursResponse of(CallingHoursPolicies.Effective effective) {
        return new CallingHoursResponse(effective.source().name(), effective.settings().written(), effective.settings().holidays(),
                effective.zone().getId(), effective.version(), effective.updatedAt());
    }
}

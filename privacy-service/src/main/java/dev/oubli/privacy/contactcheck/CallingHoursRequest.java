package dev.oubli.privacy.contactcheck;

import java.util.List;
import java.util.Map;

/**
 * A tenant's own calling hours, as {@code PUT /api/calling-hours} takes them.
 *
 * @param days     windows {@code HH:mm-HH:mm} by day of the week ({@code monday} … {@code sunday}); a day left out has none
 * @param holidays {@code FRANCE} (the default), {@code FRANCE_ALSACE_MOSELLE} or {@code NONE}: whose public holidays are off
 */
public record CallingHoursRequest(Map<String, List<String>> days, String holidays) {
}

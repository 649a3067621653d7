package dev.oubli.privacy.contactcheck;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallingHoursSettingsTest {

    @Test
    void readsWindowsPerDayInAnyCaseSortedAndWritesEveryDayBack() {
        CallingHoursSettings settings = CallingHoursSettings.parse(
                Map.of("Monday", List.of("14:00-18:00", "09:00-12:00"), "SATURDAY", List.of("10:00-11:30")), "france_alsace_moselle");
        assertThat(settings.holidays()).isEqualTo("FRANCE_ALSACE_MOSELLE");
        assertThat(settings.days().get(DayOfWeek.MONDAY)).containsExactly(
                CallingWindow.between(9, 0, 12, 0), CallingWindow.between(14, 0, 18, 0));
        Map<String, List<String>> written = settings.written();
        assertThat(written.keySet()).containsExactly("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");
        assertThat(written.get("MONDAY")).containsExactly("09:00-12:00", "14:00-18:00");
        assertThat(written.get("SATURDAY")).containsExactly("10:00-11:30");
        assertThat(written.get("SUNDAY")).isEmpty();
        assertThat(CallingHoursSettings.parse(settings.written(), settings.holidays())).isEqualTo(settings);
    }

    @Test
    void touchingWindowsDoNotOverlap() {
        assertThat(CallingHoursSettings.parse(Map.of("friday", List.of("09:00-12:00", "12:00-13:00")), null).days()
                .get(DayOfWeek.FRIDAY)).hasSize(2);
    }

    @Test
    void namesTheFieldOfEachMistakeWithoutQuotingIt() {
        assertRefused(Map.of("monday", List.of("9h-12h")), "FRANCE", "days.monday[0] must be written HH:mm-HH:mm");
        assertRefused(Map.of("monday", List.of("09:00-12:00", "25:00-26:00")), "FRANCE", "days.monday[1] must be written HH:mm-HH:mm");
        assertRefused(Map.of("tuesday", List.of("12:00-09:00")), "FRANCE", "days.tuesday[0] must start before it ends");
        assertRefused(Map.of("tuesday", List.of("12:00-12:00")), "FRANCE", "days.tuesday[0] must start before it ends");
        assertRefused(Map.of("wednesday", List.of("09:00-12:00", "11:00-14:00")), "FRANCE", "days.wednesday: two windows overlap");
        assertRefused(Map.of("caturday", List.of("09:00-12:00")), "FRANCE", "days: each key must be a day of the week");
        assertRefused(Map.of("monday", List.of("09:00-12:00")), "MARS", "holidays must be FRANCE, FRANCE_ALSACE_MOSELLE or NONE");
        assertRefused(null, "FRANCE", "days is required");
        Map<String, List<String>> twice = new LinkedHashMap<>();
        twice.put("monday", List.of("09:00-10:00"));
        twice.put("MONDAY", List.of("11:00-12:00"));
        assertRefused(twice, "FRANCE", "days.monday is given twice");
        String[] many = new String[9];
        Arrays.setAll(many, i -> "%02d:00-%02d:30".formatted(i + 8, i + 8));
        assertRefused(Map.of("monday", List.of(many)), "FRANCE", "days.monday has more than 8 windows");
    }

    @Test
    void theDefaultIsFrancesConsumerCanvassingRule() {
        CallingHoursSettings french = CallingHoursSettings.frenchConsumerCanvassing();
        assertThat(french.holidays()).isEqualTo("FRANCE");
        assertThat(french.written().get("MONDAY")).containsExactly("10:00-13:00", "14:00-20:00");
        assertThat(french.written().get("SATURDAY")).isEmpty();
    }

    private static void assertRefused(Map<String, List<String>> days, String holidays, String message) {
        assertThatThrownBy(() -> CallingHoursSettings.parse(days, holidays))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }
}

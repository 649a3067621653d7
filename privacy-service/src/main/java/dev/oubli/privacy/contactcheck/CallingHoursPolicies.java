package dev.oubli.privacy.contactcheck;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.oubli.privacy.ConsentConfig;
import dev.oubli.tenancy.TenantId;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Each tenant's calling hours (configured, else France's consumer-canvassing rule) and the recipient's time
 * zone, judged without the database: the check's one statement receives the verdict.
 */
@ApplicationScoped
class CallingHoursPolicies {

    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    private static final PhoneNumberToTimeZonesMapper TIME_ZONES = PhoneNumberToTimeZonesMapper.getInstance();

    private final CallingHours defaultHours = CallingHours.frenchConsumerCanvassing();
    private final Map<UUID, CallingHours> byTenant = new HashMap<>();
    private final ZoneId defaultZone;

    CallingHoursPolicies(ConsentConfig config) {
        this.defaultZone = config.callingHours().defaultZone();
        config.callingHours().tenants().forEach((tenant, hours) -> byTenant.put(UUID.fromString(tenant), of(hours)));
    }

    /**
     * Empty if a call to this recipient at this instant is allowed. A number whose country spans several time
     * zones, without a zone given, must be callable in each of them.
     *
     * @throws IllegalArgumentException for a time zone that is not an IANA id
     */
    Optional<CallingHoursRefusal> check(TenantId tenant, Instant plannedAt, String givenZone, Optional<String> e164) {
        CallingHours hours = byTenant.getOrDefault(tenant.value(), defaultHours);
        for (ZoneId zone : zonesOf(givenZone, e164)) {
            Optional<CallingHoursRefusal> refusal = hours.check(plannedAt, zone);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    private List<ZoneId> zonesOf(String givenZone, Optional<String> e164) {
        if (givenZone != null && !givenZone.isBlank()) {
            try {
                return List.of(ZoneId.of(givenZone.strip()));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("timeZone is not an IANA time zone such as Europe/Paris");
            }
        }
        if (e164.isPresent()) {
            try {
                List<ZoneId> zones = new ArrayList<>();
                for (String id : TIME_ZONES.getTimeZonesForNumber(PHONE_NUMBERS.parse(e164.get(), null))) {
                    if (!id.equals(PhoneNumberToTimeZonesMapper.getUnknownTimeZone()) && ZoneId.getAvailableZoneIds().contains(id)) {
                        zones.add(ZoneId.of(id));
                    }
                }
                if (!zones.isEmpty()) {
                    return zones;
                }
            } catch (NumberParseException e) {
                // Already validated by the subject index; fall back to the default zone.
            }
        }
        return List.of(defaultZone);
    }

    static CallingHours of(ConsentConfig.TenantCallingHours config) {
        Map<DayOfWeek, List<CallingWindow>> days = new EnumMap<>(DayOfWeek.class);
        config.days().forEach((day, windows) -> days.put(DayOfWeek.valueOf(day.strip().toUpperCase(Locale.ROOT)),
                windows.stream().map(CallingHoursPolicies::window).toList()));
        return switch (config.holidays().strip().toUpperCase(Locale.ROOT)) {
            case "FRANCE" -> new CallingHours(days, true, FrenchPublicHolidays.national());
            case "FRANCE_ALSACE_MOSELLE" -> new CallingHours(days, true, FrenchPublicHolidays.alsaceMoselle());
            case "NONE" -> new CallingHours(days, false, FrenchPublicHolidays.national());
            default -> throw new IllegalArgumentException("calling-hours holidays must be FRANCE, FRANCE_ALSACE_MOSELLE or NONE");
        };
    }

    /** {@code HH:mm-HH:mm}. */
    private static CallingWindow window(String text) {
        String[] bounds = text.strip().split("-");
        if (bounds.length != 2) {
            throw new IllegalArgumentException("a calling window is written HH:mm-HH:mm");
        }
        return new CallingWindow(LocalTime.parse(bounds[0].strip()), LocalTime.parse(bounds[1].strip()));
    }
}

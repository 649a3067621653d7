package dev.oubli.privacy.contactcheck;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.oubli.privacy.ConsentConfig;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Each tenant's effective calling hours: its own (set by its privacy officer, docs/adr/0046), else the platform default
 * (configured for the tenant, else France's consumer-canvassing rule); and the recipient's time zone (given, else the
 * phone number's, else the tenant's registry zone, else the configured default). Judged from memory once the tenant's
 * entry is cached: the check's one statement receives the verdict.
 */
@ApplicationScoped
class CallingHoursPolicies {

    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    private static final PhoneNumberToTimeZonesMapper TIME_ZONES = PhoneNumberToTimeZonesMapper.getInstance();

    /** Where a tenant's effective calling hours come from. */
    enum Source { TENANT, DEFAULT }

    /** A tenant's effective calling hours and the zone of its recipients whose zone nothing else tells. */
    record Effective(CallingHoursSettings settings, CallingHours hours, Source source, ZoneId zone, Integer version, Instant updatedAt) {
    }

    private final CallingHoursSettings frenchRule = CallingHoursSettings.frenchConsumerCanvassing();
    private final Map<UUID, CallingHoursSettings> configured = new HashMap<>();
    private final ZoneId defaultZone;
    private final CallingHoursStore store;

    CallingHoursPolicies(ConsentConfig config, CallingHoursStore store) {
        this.store = store;
        this.defaultZone = config.callingHours().defaultZone();
        config.callingHours().tenants().forEach((tenant, hours) -> configured.put(UUID.fromString(tenant), of(hours)));
    }

    Uni<Effective> effective(TenantId tenant) {
        return store.find(tenant).map(stored -> {
            ZoneId zone = stored.registryZone() == null ? defaultZone : ZoneId.of(stored.registryZone());
            if (stored.own() != null) {
                return new Effective(stored.own(), stored.own().hours(), Source.TENANT, zone, stored.version(), stored.updatedAt());
            }
            CallingHoursSettings platform = configured.getOrDefault(tenant.value(), frenchRule);
            return new Effective(platform, platform.hours(), Source.DEFAULT, zone, null, null);
        });
    }

    /**
     * Empty if a call to this recipient at this instant is allowed. A number whose country spans several time
     * zones, without a zone given, must be callable in each of them.
     *
     * @throws IllegalArgumentException at once, for a time zone that is not an IANA id
     */
    Uni<Optional<CallingHoursRefusal>> check(TenantId tenant, Instant plannedAt, String givenZone, Optional<String> e164) {
        List<ZoneId> zones = zonesOf(givenZone, e164);
        return effective(tenant).map(effective -> judge(effective, plannedAt, zones));
    }

    private static Optional<CallingHoursRefusal> judge(Effective effective, Instant plannedAt, List<ZoneId> zones) {
        for (ZoneId zone : zones.isEmpty() ? List.of(effective.zone()) : zones) {
            Optional<CallingHoursRefusal> refusal = effective.hours().check(plannedAt, zone);
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
        return List.of(); // the tenant's zone
    }

    static CallingHoursSettings of(ConsentConfig.TenantCallingHours config) {
        return CallingHoursSettings.parse(config.days(), config.holidays());
    }
}

package dev.oubli.privacy.contactcheck;

import dev.oubli.privacy.ConsentConfig;
import dev.oubli.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallingHoursPoliciesTest {

    static final UUID SATURDAY_CALLER = UUID.randomUUID();
    static final TenantId ANY_TENANT = new TenantId(UUID.randomUUID());

    final CallingHoursPolicies policies = new CallingHoursPolicies(config(Map.of(SATURDAY_CALLER.toString(),
            tenantHours(Map.of("saturday", List.of("09:00-12:00")), "NONE"))));

    @Test
    void readsTheRecipientsZoneFromTheNumber() {
        // Monday 2 March 2026 15:30 UTC: 10:30 in New York, 16:30 in Paris, 00:30 on Tuesday in Tokyo.
        Instant monday = Instant.parse("2026-03-02T15:30:00Z");
        assertThat(policies.check(ANY_TENANT, monday, null, Optional.of("+12125550123"))).isEmpty();
        assertThat(policies.check(ANY_TENANT, monday, null, Optional.of("+81312345678")))
                .contains(CallingHoursRefusal.OUTSIDE_CALLING_WINDOWS);
        // 13:30 UTC: 08:30 in New York, 14:30 in Paris.
        Instant earlier = Instant.parse("2026-03-02T13:30:00Z");
        assertThat(policies.check(ANY_TENANT, earlier, null, Optional.of("+12125550123")))
                .contains(CallingHoursRefusal.OUTSIDE_CALLING_WINDOWS);
        assertThat(policies.check(ANY_TENANT, earlier, null, Optional.of("+33612345678"))).isEmpty();
    }

    @Test
    void withoutANumberOrAZoneTheDefaultZoneDecides() {
        assertThat(policies.check(ANY_TENANT, Instant.parse("2026-03-02T09:00:00Z"), null, Optional.empty())).isEmpty();
        assertThat(policies.check(ANY_TENANT, Instant.parse("2026-03-02T08:59:59Z"), null, Optional.empty()))
                .contains(CallingHoursRefusal.OUTSIDE_CALLING_WINDOWS);
    }

    @Test
    void aTenantsOwnHoursReplaceTheFrenchRule() {
        TenantId tenant = new TenantId(SATURDAY_CALLER);
        // Saturday 7 March 2026, 10:00 in Paris; Monday at 11:00 has no window for this tenant.
        assertThat(policies.check(tenant, Instant.parse("2026-03-07T09:00:00Z"), null, Optional.empty())).isEmpty();
        assertThat(policies.check(ANY_TENANT, Instant.parse("2026-03-07T09:00:00Z"), null, Optional.empty()))
                .contains(CallingHoursRefusal.NO_CALLING_ON_THIS_DAY);
        assertThat(policies.check(tenant, Instant.parse("2026-03-02T10:00:00Z"), null, Optional.empty()))
                .contains(CallingHoursRefusal.NO_CALLING_ON_THIS_DAY);
    }

    @Test
    void rejectsAZoneThatIsNotIana() {
        assertThatThrownBy(() -> policies.check(ANY_TENANT, Instant.now(), "Mars/Olympus", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("timeZone");
    }

    static ConsentConfig.TenantCallingHours tenantHours(Map<String, List<String>> days, String holidays) {
        return new ConsentConfig.TenantCallingHours() {
            @Override
            public Map<String, List<String>> days() {
                return days;
            }

            @Override
            public String holidays() {
                return holidays;
            }
        };
    }

    static ConsentConfig config(Map<String, ConsentConfig.TenantCallingHours> tenants) {
        ConsentConfig.CallingHours hours = new ConsentConfig.CallingHours() {
            @Override
            public ZoneId defaultZone() {
                return ZoneId.of("Europe/Paris");
            }

            @Override
            public Map<String, ConsentConfig.TenantCallingHours> tenants() {
                return tenants;
            }
        };
        return new ConsentConfig() {
            @Override
            public Unsubscribe unsubscribe() {
                throw new UnsupportedOperationException();
            }

            @Override
            public CallingHours callingHours() {
                return hours;
            }

            @Override
            public Disclosure disclosure() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ContactCheck contactCheck() {
                throw new UnsupportedOperationException();
            }
        };
    }
}

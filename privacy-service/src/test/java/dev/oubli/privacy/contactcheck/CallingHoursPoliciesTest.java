package dev.oubli.privacy.contactcheck;

import dev.oubli.privacy.ConsentConfig;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallingHoursPoliciesTest {

    static final UUID SATURDAY_CALLER = UUID.randomUUID();
    static final TenantId ANY_TENANT = new TenantId(UUID.randomUUID());

    /** What the table and the registry hold, by tenant: nothing unless a test puts it. */
    final Map<UUID, CallingHoursStore.Stored> stored = new HashMap<>();

    final CallingHoursPolicies policies = new CallingHoursPolicies(config(Map.of(SATURDAY_CALLER.toString(),
            tenantHours(Map.of("saturday", List.of("09:00-12:00")), "NONE"))), store(stored));

    static CallingHoursStore store(Map<UUID, CallingHoursStore.Stored> stored) {
        return new CallingHoursStore(null, null, config(Map.of())) {
            @Override
            Uni<Stored> find(TenantId tenant) {
                return Uni.createFrom().item(stored.getOrDefault(tenant.value(), new Stored(null, null, null, null)));
            }
        };
    }

    Optional<CallingHoursRefusal> check(TenantId tenant, Instant plannedAt, String zone, Optional<String> e164) {
        return policies.check(tenant, plannedAt, zone, e164).await().indefinitely();
    }

    @Test
    void readsTheRecipientsZoneFromTheNumber() {
        // Monday 2 March 2026 15:30 UTC: 10:30 in New York, 16:30 in Paris, 00:30 on Tuesday in Tokyo.
        Instant monday = Instant.parse("2026-03-02T15:30:00Z");
        assertThat(check(ANY_TENANT, monday, null, Optional.of("+12125550123"))).isEmpty();
        assertThat(check(ANY_TENANT, monday, null, Optional.of("+81312345678")))
                .contains(CallingHoursRefusal.OUTSIDE_CALLING_WINDOWS);
        // 13:30 UTC: 08:30 in New York, 14:30 in Paris.
        Instant earlier = Instant.parse("2026-03-02T13:30:00Z");
        assertThat(check(ANY_TENANT, earlier, null, Optional.of("+12125550123")))
                .contains(CallingHoursRefusal.OUTSIDE_CALLING_WINDOWS);
        assertThat(check(ANY_TENANT, earlier, null, Optional.of("+33612345678"))).isEmpty();
    }

    @Test
    void withoutANumberOrAZoneTheDefaultZoneDecides() {
        assertThat(check(ANY_TENANT, Instant.parse("2026-03-02T09:00:00Z"), null, Optional.empty())).isEmpty();
        assertThat(check(ANY_TENANT, Instant.parse("2026-03-02T08:59:59Z"), null, Optional.empty()))
                .contains(CallingHoursRefusal.OUTSIDE_CALLING_WINDOWS);
    }

    @Test
    void aTenantsOwnHoursReplaceTheFrenchRule() {
        TenantId tenant = new TenantId(SATURDAY_CALLER);
        // Saturday 7 March 2026, 10:00 in Paris; Monday at 11:00 has no window for this tenant.
        assertThat(check(tenant, Instant.parse("2026-03-07T09:00:00Z"), null, Optional.empty())).isEmpty();
        assertThat(check(ANY_TENANT, Instant.parse("2026-03-07T09:00:00Z"), null, Optional.empty()))
                .contains(CallingHoursRefusal.NO_CALLING_ON_THIS_DAY);
        assertThat(check(tenant, Instant.parse("2026-03-02T10:00:00Z"), null, Optional.empty()))
                .contains(CallingHoursRefusal.NO_CALLING_ON_THIS_DAY);
    }

    @Test
    void aTenantsStoredHoursWinOverItsConfiguredOnesAndOtherTenantsKeepTheirs() {
        stored.put(SATURDAY_CALLER, new CallingHoursStore.Stored(CallingHoursSettings.parse(
                Map.of("sunday", List.of("15:00-16:00")), "NONE"), 1, Instant.now(), null));
        TenantId tenant = new TenantId(SATURDAY_CALLER);
        // Sunday 8 March 2026, 15:30 in Paris; Saturday 10:00 is no longer a calling time for this tenant.
        assertThat(check(tenant, Instant.parse("2026-03-08T14:30:00Z"), null, Optional.empty())).isEmpty();
        assertThat(check(tenant, Instant.parse("2026-03-07T09:00:00Z"), null, Optional.empty()))
                .contains(CallingHoursRefusal.NO_CALLING_ON_THIS_DAY);
        assertThat(check(ANY_TENANT, Instant.parse("2026-03-08T14:30:00Z"), null, Optional.empty()))
                .contains(CallingHoursRefusal.NO_CALLING_ON_THIS_DAY);
        assertThat(policies.effective(tenant).await().indefinitely().source()).isEqualTo(CallingHoursPolicies.Source.TENANT);
        assertThat(policies.effective(ANY_TENANT).await().indefinitely().source()).isEqualTo(CallingHoursPolicies.Source.DEFAULT);
    }

    @Test
    void withoutANumberOrAZoneTheTenantsRegistryZoneDecides() {
        stored.put(ANY_TENANT.value(), new CallingHoursStore.Stored(null, null, null, "America/New_York"));
        // Monday 2 March 2026 15:30 UTC: 10:30 in New York (allowed), 16:30 in Paris.
        assertThat(check(ANY_TENANT, Instant.parse("2026-03-02T15:30:00Z"), null, Optional.empty())).isEmpty();
        // 13:30 UTC: 08:30 in New York, 14:30 in Paris (allowed there, but New York decides).
        assertThat(check(ANY_TENANT, Instant.parse("2026-03-02T13:30:00Z"), null, Optional.empty()))
                .contains(CallingHoursRefusal.OUTSIDE_CALLING_WINDOWS);
        assertThat(policies.effective(ANY_TENANT).await().indefinitely().zone()).isEqualTo(ZoneId.of("America/New_York"));
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

            @Override
            public int cacheSize() {
                return 10;
            }

            @Override
            public Duration cacheTtl() {
                return Duration.ofSeconds(30);
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

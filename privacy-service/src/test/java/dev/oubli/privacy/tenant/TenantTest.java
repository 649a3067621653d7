package dev.oubli.privacy.tenant;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which tenants are served: ACTIVE ones, and TERMINATING ones until their grace period ends (docs/adr/0038). */
class TenantTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    static Tenant tenant(TenantStatus status, Instant accessEndsAt) {
        return new Tenant(UUID.randomUUID(), "t", "T", null, "fr-FR", "Europe/Paris", status, NOW.minusSeconds(86_400), accessEndsAt);
    }

    @Test
    void servesAnActiveTenant() {
        assertThat(tenant(TenantStatus.ACTIVE, null).isServed(NOW)).isTrue();
    }

    @Test
    void servesATerminatingTenantUntilItsGracePeriodEndsAndNotAfter() {
        Instant end = NOW.plusSeconds(60);
        assertThat(tenant(TenantStatus.TERMINATING, end).isServed(NOW)).isTrue();
        assertThat(tenant(TenantStatus.TERMINATING, end).isServed(end)).isFalse();
        assertThat(tenant(TenantStatus.TERMINATING, end).isServed(end.plusSeconds(1))).isFalse();
    }

    @Test
    void servesNeitherASuspendedNorAPurgedTenantNorOneMarkedTerminatingWithoutAGracePeriod() {
        assertThat(tenant(TenantStatus.SUSPENDED, null).isServed(NOW)).isFalse();
        assertThat(tenant(TenantStatus.PURGED, null).isServed(NOW)).isFalse();
        assertThat(tenant(TenantStatus.TERMINATING, null).isServed(NOW)).isFalse();
    }
}

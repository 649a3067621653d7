package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.TenantId;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxContextSupport;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Runs the unverified-request expiry of one tenant as the scheduler would, two hours from now. */
public final class ExpiryDriver {

    private ExpiryDriver() {
    }

    public static void expire(UUID tenant) throws Throwable {
        UnverifiedRequestExpiry expiry = Arc.container().instance(UnverifiedRequestExpiry.class).get();
        VertxContextSupport.subscribeAndAwait(() -> expiry.expireTenant(new TenantId(tenant), Instant.now().plus(Duration.ofHours(2))));
    }
}

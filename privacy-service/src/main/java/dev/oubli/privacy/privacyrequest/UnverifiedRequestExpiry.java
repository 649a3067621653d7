package dev.oubli.privacy.privacyrequest;

import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.tenancy.TenantId;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Self-service requests whose one-time code expired unused are CANCELLED (IDENTITY_NOT_VERIFIED), their email deleted.
 * Each on its own: one that fails is logged (ids) and expired at the next run; the others go on.
 */
@ApplicationScoped
class UnverifiedRequestExpiry {

    private static final Logger LOG = Logger.getLogger(UnverifiedRequestExpiry.class);

    private final PrivacyRequestService requests;
    private final PrivacyConfig config;

    UnverifiedRequestExpiry(PrivacyRequestService requests, PrivacyConfig config) {
        this.requests = requests;
        this.config = config;
    }

    @Scheduled(every = "${oubli.privacy.verification.expire-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireEveryTenant() {
        return requests.unverifiedSince(Instant.now().minus(config.verification().codeTtl())).chain(this::expireAll);
    }

    /** One tenant's, at {@code now} (tests move the clock forward). */
    Uni<Void> expireTenant(TenantId tenant, Instant now) {
        return requests.unverifiedSince(tenant, now.minus(config.verification().codeTtl()))
                .chain(ids -> expireAll(ids.stream().map(id -> Map.entry(tenant, id)).toList()));
    }

    private Uni<Void> expireAll(List<Map.Entry<TenantId, UUID>> expired) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Map.Entry<TenantId, UUID> request : expired) {
            done = done.chain(() -> requests.expireUnverified(request.getKey(), request.getValue())
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("Expiry of request %s of tenant %s failed (%s): tried again at the next run", request.getValue(),
                                request.getKey(), e.getClass().getSimpleName());
                        return null;
                    }));
        }
        return done;
    }
}

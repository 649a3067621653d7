package dev.oubli.outbox;

import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;

/**
 * A data owner's part of an erasure from the ledger ({@code privacy.erasure-ledger.v1}, docs/adr/0052), applied again
 * at start-up when the owner's data does not show it applied: after a restore of a backup taken before it. Called
 * inside the tenant's transaction. Idempotent per request id, like the owner's ordinary handling of the request: an
 * erasure the owner's data records as applied changes nothing (a person who came back afterwards, lawfully, stays).
 * No receipt is sent: privacy-service settled the request when it was first applied.
 */
public interface ErasureReapplication {

    /** @return true when the erasure was applied now, false when this owner's data already recorded it */
    Uni<Boolean> reapply(TenantId tenant, PrivacyRequestSubmitted erasure);
}

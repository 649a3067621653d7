package dev.oubli.privacy.export;

import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;

import java.util.UUID;

/**
 * The request's side of an export's delivery (docs/adr/0054): a request whose export had FAILED was FAILED with it; a
 * bundle assembled after all (a dead-lettered chunk replayed) gives it back its status. Implemented where the requests
 * live, so that this package does not depend on them.
 */
public interface ExportDelivery {

    /** In the caller's transaction: the bundle of an export that had FAILED was assembled after all. */
    Uni<Void> deliveredAfterAll(TenantId tenant, UUID requestId);
}

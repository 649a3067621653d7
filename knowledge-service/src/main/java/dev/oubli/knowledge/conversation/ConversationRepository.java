package dev.oubli.knowledge.conversation;

import dev.oubli.knowledge.paging.ListingQuery;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class ConversationRepository implements PanacheRepositoryBase<Conversation, UUID> {

    Uni<Conversation> findOne(TenantId tenant, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenant.value(), id).firstResult();
    }

    /** The conversation, its row locked until the transaction ends: concurrent replacements of its participants take turns. */
    Uni<Conversation> findOneForUpdate(TenantId tenant, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenant.value(), id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    Uni<List<Conversation>> list(ListingQuery query, int limit) {
        return find(query.hql(), query.parameters()).range(0, limit).list();
    }
}

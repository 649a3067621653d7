package dev.oubli.knowledge.conversation;

import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class ParticipantRepository implements PanacheRepositoryBase<Participant, UUID> {

    Uni<List<Participant>> of(TenantId tenant, UUID conversation) {
        return list("tenantId = ?1 and conversationId = ?2 order by position", tenant.value(), conversation);
    }

    Uni<Long> deleteOf(TenantId tenant, UUID conversation) {
        return delete("tenantId = ?1 and conversationId = ?2", tenant.value(), conversation);
    }
}

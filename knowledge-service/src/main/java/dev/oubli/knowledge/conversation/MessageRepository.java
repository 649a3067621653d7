package dev.oubli.knowledge.conversation;

import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    Uni<List<Message>> of(TenantId tenant, UUID conversation) {
        return list("tenantId = ?1 and conversationId = ?2 order by sentAt, id", tenant.value(), conversation);
    }
}

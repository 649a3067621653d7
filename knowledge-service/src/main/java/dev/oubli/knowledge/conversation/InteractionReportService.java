package dev.oubli.knowledge.conversation;

import dev.oubli.knowledge.paging.PageRequest;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The interaction report (ADR 0048): three statements in one tenant transaction — the counts per agent (the first
 * {@value #MAX_AGENTS} by name), then, for those agents, the newest conversations and outbound messages recorded
 * without a check.
 */
@ApplicationScoped
class InteractionReportService {

    static final int MAX_AGENTS = 200;

    private static final String COUNTS = """
            select coalesce(c.agent, m.agent), coalesce(c.total, 0), coalesce(c.checked, 0), coalesce(m.total, 0), coalesce(m.checked, 0)
            from (select agent, count(*) as total, count(check_id) as checked from conversation
                  where tenant_id = :tenant %1$s group by agent) c
            full join (select cv.agent, count(*) as total, count(m.check_id) as checked
                       from conversation_message m join conversation cv on cv.tenant_id = m.tenant_id and cv.id = m.conversation_id
                       where m.tenant_id = :tenant and m.direction = 'OUTBOUND' %2$s group by cv.agent) m on m.agent = c.agent
            order by 1 limit :agents""";

    private static final String CONVERSATIONS_WITHOUT_CHECK = """
            select agent, id from (select agent, id, row_number() over (partition by agent order by started_at desc, id desc) as r
                                   from conversation
                                   where tenant_id = :tenant and check_id is null and agent <= :last %1$s) x
            where r <= :limit order by agent, r""";

    private static final String MESSAGES_WITHOUT_CHECK = """
            select agent, conversation_id, id from (
                select cv.agent, m.conversation_id, m.id, row_number() over (partition by cv.agent order by m.sent_at desc, m.id desc) as r
                from conversation_message m join conversation cv on cv.tenant_id = m.tenant_id and cv.id = m.conversation_id
                where m.tenant_id = :tenant and m.direction = 'OUTBOUND' and m.check_id is null and cv.agent <= :last %2$s) x
            where r <= :limit order by agent, r""";

    private final TenantTransactions transactions;

    InteractionReportService(TenantTransactions transactions) {
        this.transactions = transactions;
    }

    Uni<InteractionReport> report(TenantId tenant, PageRequest window) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session ->
                rows(session, COUNTS, tenant, window).setParameter("agents", MAX_AGENTS + 1).getResultList().chain(counted -> {
                    Map<String, Builder> agents = new LinkedHashMap<>();
                    for (Object row : counted.subList(0, Math.min(counted.size(), MAX_AGENTS))) {
                        Object[] c = (Object[]) row;
                        agents.put((String) c[0], new Builder((String) c[0], counts(c[1], c[2]), counts(c[3], c[4])));
                    }
                    boolean truncated = counted.size() > MAX_AGENTS;
                    if (agents.isEmpty()) {
                        return Uni.createFrom().item(report(window, agents, truncated));
                    }
                    // The report's agents are the first by name: the lists need no others.
                    List<String> names = List.copyOf(agents.keySet());
                    String last = names.get(names.size() - 1);
                    return rows(session, CONVERSATIONS_WITHOUT_CHECK, tenant, window).setParameter("last", last)
                            .setParameter("limit", window.limit()).getResultList()
                            .invoke(ids -> ids.forEach(r -> agents.get((String) ((Object[]) r)[0]).conversations.add((UUID) ((Object[]) r)[1])))
                            .chain(() -> rows(session, MESSAGES_WITHOUT_CHECK, tenant, window)
                                    .setParameter("last", last).setParameter("limit", window.limit())
                                    .getResultList())
                            .invoke(ids -> ids.forEach(r -> {
                                Object[] c = (Object[]) r;
                                agents.get((String) c[0]).messages.add(new InteractionReport.MessageRef((UUID) c[1], (UUID) c[2]));
                            }))
                            .map(done -> report(window, agents, truncated));
                })));
    }

    /** The statement with the window's bounds: conversations by start time, messages by sending time. */
    private static Mutiny.SelectionQuery<Object> rows(Mutiny.Session session, String sql, TenantId tenant, PageRequest window) {
        String conversationWindow = (window.from().isPresent() ? " and started_at >= :from" : "")
                + (window.to().isPresent() ? " and started_at < :to" : "");
        String messageWindow = (window.from().isPresent() ? " and m.sent_at >= :from" : "")
                + (window.to().isPresent() ? " and m.sent_at < :to" : "");
        Mutiny.SelectionQuery<Object> query = session.createNativeQuery(sql.formatted(conversationWindow, messageWindow));
        query.setParameter("tenant", tenant.value());
        window.from().ifPresent(from -> query.setParameter("from", from));
        window.to().ifPresent(to -> query.setParameter("to", to));
        return query;
    }

    private static InteractionReport.Counts counts(Object total, Object withCheck) {
        long all = ((Number) total).longValue();
        long checked = ((Number) withCheck).longValue();
        return new InteractionReport.Counts(all, checked, all - checked);
    }

    private static InteractionReport report(PageRequest window, Map<String, Builder> agents, boolean truncated) {
        return new InteractionReport(window.from().orElse(null), window.to().orElse(null),
                agents.values().stream().map(Builder::build).toList(), truncated);
    }

    private static final class Builder {
        private final String agent;
        private final InteractionReport.Counts conversationCounts;
        private final InteractionReport.Counts messageCounts;
        private final List<UUID> conversations = new ArrayList<>();
        private final List<InteractionReport.MessageRef> messages = new ArrayList<>();

        Builder(String agent, InteractionReport.Counts conversationCounts, InteractionReport.Counts messageCounts) {
            this.agent = agent;
            this.conversationCounts = conversationCounts;
            this.messageCounts = messageCounts;
        }

        InteractionReport.AgentInteractions build() {
            return new InteractionReport.AgentInteractions(agent, conversationCounts, messageCounts, List.copyOf(conversations),
                    List.copyOf(messages));
        }
    }
}

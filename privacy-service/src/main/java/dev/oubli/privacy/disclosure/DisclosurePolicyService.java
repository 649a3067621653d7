package dev.oubli.privacy.disclosure;

import dev.oubli.events.ContactChannel;
import dev.oubli.privacy.subject.SqlTime;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Tenants' AI-disclosure policies. The pre-contact check reads the best match (the agent's own, else every
 * agent's; the channel's own, else ANY) in its single statement.
 */
@ApplicationScoped
public class DisclosurePolicyService {

    static final String EVERY_AGENT = "*";
    static final String ANY_CHANNEL = "ANY";
    private static final Pattern AGENT_ID = Pattern.compile("^(\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,99})$");

    private final TenantTransactions transactions;
    private final DisclosureTexts texts;

    DisclosurePolicyService(TenantTransactions transactions, DisclosureTexts texts) {
        this.transactions = transactions;
        this.texts = texts;
    }

    public Uni<DisclosurePolicyPage> policies(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select agent_id, channel, agent_name, agent_role, company_name, template, version, updated_at
                                from disclosure_policy where tenant_id = :tenant order by agent_id, channel""")
                        .setParameter("tenant", tenant.value())
                        .getResultList()))
                .map(rows -> new DisclosurePolicyPage(rows.stream().map(this::policy).toList()));
    }

    /** Creates or replaces a policy; its version goes up by one. @throws ProblemException (400) for invalid input */
    public Uni<DisclosurePolicy> put(TenantId tenant, String agentId, String channel, DisclosurePolicyRequest body) {
        validKey(agentId, channel);
        if (body == null) {
            throw ProblemException.invalidRequest("A body is required.");
        }
        String agentName = name("agentName", body.agentName(), 100);
        String agentRole = name("agentRole", body.agentRole(), 100);
        String companyName = name("companyName", body.companyName(), 200);
        String template = body.template() == null || body.template().isBlank() ? texts.defaultTemplate(companyName) : body.template();
        try {
            DisclosureTemplate.parse(template);
        } catch (DisclosureTemplate.InvalidTemplate e) {
            throw ProblemException.invalidRequest(e.getMessage());
        }
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into disclosure_policy (tenant_id, agent_id, channel, agent_name, agent_role, company_name, template, version)
                                values (:tenant, :agent, :channel, cast(:name as varchar), cast(:role as varchar), cast(:company as varchar),
                                        :template, 1)
                                on conflict (tenant_id, agent_id, channel) do update set agent_name = excluded.agent_name,
                                    agent_role = excluded.agent_role, company_name = excluded.company_name, template = excluded.template,
                                    version = disclosure_policy.version + 1, updated_at = clock_timestamp()
                                returning agent_id, channel, agent_name, agent_role, company_name, template, version, updated_at""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("agent", agentId)
                        .setParameter("channel", channel)
                        .setParameter("name", agentName)
                        .setParameter("role", agentRole)
                        .setParameter("company", companyName)
                        .setParameter("template", template)
                        .getSingleResult()))
                .map(this::policy);
    }

    /** @throws ProblemException (404) when the tenant has no such policy */
    public Uni<Void> delete(TenantId tenant, String agentId, String channel) {
        validKey(agentId, channel);
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                delete from disclosure_policy where tenant_id = :tenant and agent_id = :agent and channel = :channel""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("agent", agentId)
                        .setParameter("channel", channel)
                        .executeUpdate()))
                .invoke(deleted -> {
                    if (deleted == 0) {
                        throw ProblemException.notFound("There is no disclosure policy for this agent and channel.");
                    }
                })
                .replaceWithVoid();
    }

    private DisclosurePolicy policy(Object row) {
        Object[] c = (Object[]) row;
        String agentId = (String) c[0];
        String channel = (String) c[1];
        String example = texts.render((String) c[5], EVERY_AGENT.equals(agentId) ? "agent" : agentId, channel,
                (String) c[2], (String) c[3], (String) c[4]);
        return new DisclosurePolicy(agentId, channel, (String) c[2], (String) c[3], (String) c[4], (String) c[5],
                ((Number) c[6]).intValue(), SqlTime.instant(c[7]), example);
    }

    private static void validKey(String agentId, String channel) {
        if (agentId == null || !AGENT_ID.matcher(agentId).matches()) {
            throw ProblemException.invalidRequest("agentId must be * or 1 to 100 letters, digits, '.', '_' or '-'.");
        }
        boolean known = ANY_CHANNEL.equals(channel) || Arrays.stream(ContactChannel.values()).anyMatch(c -> c.name().equals(channel));
        if (!known) {
            throw ProblemException.invalidRequest("channel must be EMAIL, SMS, PHONE, CHAT or ANY.");
        }
    }

    /** @return the name, null when blank; @throws ProblemException (400) when too long or with a control character */
    private static String name(String field, String value, int maximum) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maximum) {
            throw ProblemException.invalidRequest(field + " is longer than " + maximum + " characters.");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                throw ProblemException.invalidRequest(field + ", character " + (i + 1) + ": a control character or an unpaired surrogate is not allowed.");
            }
        }
        return value;
    }
}

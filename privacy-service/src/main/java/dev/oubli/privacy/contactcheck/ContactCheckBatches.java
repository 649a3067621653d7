package dev.oubli.privacy.contactcheck;

import dev.oubli.privacy.ConsentConfig;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the pre-contact checks of a tenant through {@link #CHECKS}, one statement for many checks (ADR 0016). A check
 * is sent at once while fewer than {@code concurrent-statements} of its tenant's statements are running; otherwise it
 * waits, and every check waiting when a statement ends shares the next one (at most {@code batch-size}). Under light
 * load each check has its own statement; under heavy load the begin, commit, WAL flush and round trip of a
 * statement are shared. Each check is answered only once its evidence row is committed.
 */
@ApplicationScoped
public class ContactCheckBatches {

    /*
     * $1 tenant; then one array per column, one element per check: $2 check id, $3 email index, $4 phone index,
     * $5 contact id, $6 channel, $7 purpose, $8 agent id, $9 the calling-hours verdict computed in Java (or null),
     * $10 planned time.
     * A recipient's identifiers are those given plus those the ledger recorded with the given contact id, as one
     * array, so that every table is read through its index whatever its size; computed once, in a materialized step
     * (as a subquery in FROM, PostgreSQL copied it into each of its three uses). Reasons by precedence: SUPPRESSED,
     * RESTRICTED, (UNKNOWN_RECIPIENT), WITHDRAWN, NO_CONSENT, then calling hours. The disclosure policy is the agent's
     * own before every agent's, the channel's own before ANY. (This statement reads the suppression and disclosure
     * tables directly: the hot path is worth one statement.)
     */
    static final String CHECKS = """
            with input as (
                select * from unnest(cast($2 as uuid[]), cast($3 as varchar[]), cast($4 as varchar[]), cast($5 as varchar[]),
                                     cast($6 as varchar[]), cast($7 as varchar[]), cast($8 as varchar[]), cast($9 as varchar[]),
                                     cast($10 as timestamptz[]))
                    as i (id, email, phone, contact, channel, purpose, agent, hours, planned_at)),
            recipient as materialized (
                select i.*,
                       array(select x from unnest(array[i.email, i.phone, i.contact]) x where x is not null
                             union
                             select x from consent_change c, unnest(array[c.email_index, c.phone_index]) x
                             where c.tenant_id = $1 and c.contact_id = cast(i.contact as uuid) and x is not null) as ids,
                       exists (select 1 from consent_change c where c.tenant_id = $1 and c.contact_id = cast(i.contact as uuid)
                               and coalesce(c.email_index, c.phone_index) is not null) as linked
                from input i),
            judged as materialized (
                select r.*, f.suppressed, f.restricted, f.consent,
                       p.agent_id as policy_agent, p.channel as policy_channel, p.version as policy_version,
                       p.template, p.agent_name, p.agent_role, p.company_name
                from recipient r
                cross join lateral (
                    select exists (select 1 from suppression s where s.tenant_id = $1 and s.lifted_at is null
                                   and s.blind_index = any(r.ids)) as suppressed,
                           exists (select 1 from processing_restriction pr where pr.tenant_id = $1
                                   and pr.identifier = any(r.ids)) as restricted,
                           (select cs.state from consent_state cs where cs.tenant_id = $1 and cs.identifier = any(r.ids)
                                   and cs.channel = r.channel and cs.purpose = r.purpose order by cs.seq desc limit 1) as consent) f
                left join lateral (
                    select d.agent_id, d.channel, d.version, d.template, d.agent_name, d.agent_role, d.company_name
                    from disclosure_policy d
                    where d.tenant_id = $1 and d.agent_id in (r.agent, '*') and d.channel in (r.channel, 'ANY')
                    order by d.agent_id = '*', d.channel = 'ANY' limit 1) p on true),
            decided as (
                select j.*, case
                    when j.suppressed then 'SUPPRESSED'
                    when j.restricted then 'RESTRICTED'
                    when j.consent is null and j.email is null and j.phone is null and not j.linked then 'UNKNOWN_RECIPIENT'
                    when j.consent = 'WITHDRAWN' then 'WITHDRAWN'
                    when j.consent is null then 'NO_CONSENT'
                    when j.hours is not null then 'OUTSIDE_CALLING_HOURS'
                end as reason
                from judged j),
            evidence as (
                insert into contact_check (tenant_id, id, agent_id, channel, purpose, email_index, phone_index, contact_id,
                                           planned_at, decision, reason, disclosure_version)
                select $1, d.id, d.agent, d.channel, d.purpose, d.email, d.phone, cast(d.contact as uuid), d.planned_at,
                       case when d.reason is null then 'ALLOWED' else 'REFUSED' end, d.reason,
                       case when d.reason is null then coalesce(
                           d.policy_agent || '/' || d.policy_channel || '/v' || d.policy_version, 'default') end
                from decided d
                returning id, decision, reason, checked_at, disclosure_version)
            select e.id, e.decision, e.reason, e.checked_at, e.disclosure_version, d.template, d.agent_name, d.agent_role,
                   d.company_name
            from evidence e join decided d on d.id = e.id""";

    /** One check: its parameters, and the evidence row once committed. */
    record Pending(UUID id, String emailIndex, String phoneIndex, String contactId, String channel, String purpose,
                   String agentId, String hours, OffsetDateTime plannedAt, CompletableFuture<Row> answer) {
    }

    /** A tenant's waiting checks and how many of its statements are running. Guarded by itself. */
    private static final class Queue {
        final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        int running;
    }

    private final TenantTransactions transactions;
    private final int batchSize;
    private final int concurrentStatements;
    private final Map<TenantId, Queue> queues = new ConcurrentHashMap<>();

    ContactCheckBatches(TenantTransactions transactions, ConsentConfig config) {
        this.transactions = transactions;
        this.batchSize = config.contactCheck().batchSize();
        this.concurrentStatements = config.contactCheck().concurrentStatements();
    }

    /**
     * Queues the check; its answer completes with its evidence row, or fails if the statement failed. A check whose
     * answer was cancelled before its statement was sent is dropped: it writes no evidence.
     */
    void submit(TenantId tenant, Pending check) {
        Queue queue = queues.computeIfAbsent(tenant, ignored -> new Queue());
        List<Pending> batch;
        synchronized (queue) {
            queue.waiting.add(check);
            batch = next(queue);
        }
        run(tenant, queue, batch);
    }

    /** The next batch if a statement may start now (counted as running), else null. Called holding the queue. */
    private List<Pending> next(Queue queue) {
        if (queue.running >= concurrentStatements) {
            return null;
        }
        List<Pending> batch = new ArrayList<>();
        while (batch.size() < batchSize && !queue.waiting.isEmpty()) {
            Pending check = queue.waiting.poll();
            if (!check.answer().isDone()) {
                batch.add(check);
            }
        }
        if (batch.isEmpty()) {
            return null;
        }
        queue.running++;
        return batch;
    }

    private void run(TenantId tenant, Queue queue, List<Pending> batch) {
        if (batch == null) {
            return;
        }
        transactions.statement(tenant, CHECKS, arguments(tenant, batch)).subscribe().with(
                rows -> {
                    try {
                        answer(batch, rows);
                    } catch (RuntimeException e) {
                        batch.forEach(check -> check.answer().completeExceptionally(e));
                    } finally {
                        finished(tenant, queue); // whatever happened, the tenant's next checks must not wait forever
                    }
                },
                failure -> {
                    batch.forEach(check -> check.answer().completeExceptionally(failure));
                    finished(tenant, queue);
                });
    }

    private void finished(TenantId tenant, Queue queue) {
        List<Pending> batch;
        synchronized (queue) {
            queue.running--;
            batch = next(queue);
        }
        run(tenant, queue, batch);
    }

    private static void answer(List<Pending> batch, RowSet<Row> rows) {
        Map<UUID, Row> byId = new HashMap<>();
        for (Row row : rows) {
            byId.put(row.getUUID("id"), row);
        }
        for (Pending check : batch) {
            Row row = byId.get(check.id());
            if (row == null) {
                check.answer().completeExceptionally(new IllegalStateException("The statement returned no row for a check."));
            } else {
                check.answer().complete(row);
            }
        }
    }

    private static Tuple arguments(TenantId tenant, List<Pending> batch) {
        int size = batch.size();
        UUID[] ids = new UUID[size];
        String[] emails = new String[size];
        String[] phones = new String[size];
        String[] contacts = new String[size];
        String[] channels = new String[size];
        String[] purposes = new String[size];
        String[] agents = new String[size];
        String[] hours = new String[size];
        OffsetDateTime[] planned = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            Pending check = batch.get(i);
            ids[i] = check.id();
            emails[i] = check.emailIndex();
            phones[i] = check.phoneIndex();
            contacts[i] = check.contactId();
            channels[i] = check.channel();
            purposes[i] = check.purpose();
            agents[i] = check.agentId();
            hours[i] = check.hours();
            planned[i] = check.plannedAt();
        }
        return Tuple.of(tenant.value(), ids, emails, phones, contacts, channels, purposes, agents, hours, planned);
    }
}

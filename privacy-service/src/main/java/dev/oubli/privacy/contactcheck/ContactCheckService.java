package dev.oubli.privacy.contactcheck;

import dev.oubli.events.ContactChannel;
import dev.oubli.events.SubjectRef;
import dev.oubli.privacy.ConsentConfig;
import dev.oubli.privacy.disclosure.DisclosureTexts;
import dev.oubli.privacy.subject.SqlTime;
import dev.oubli.privacy.subject.SubjectKeys;
import dev.oubli.privacy.subject.Subjects;
import dev.oubli.privacy.unsubscribe.UnsubscribeHeaders;
import dev.oubli.privacy.unsubscribe.UnsubscribeService;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The pre-contact check: may this agent contact this person on this channel, for this purpose, now? Judged in
 * one SQL statement that reads the suppression list, restrictions, the current consent and the disclosure
 * policy, decides, and writes the evidence, sent with its transaction's begin, tenant setting and commit in a
 * single round trip ({@link TenantTransactions#statement}). Calling hours are judged before, in memory. Fails closed: if the ledger cannot be read in time, the answer is REFUSED with
 * {@link CheckReason#LEDGER_UNAVAILABLE}.
 */
@ApplicationScoped
public class ContactCheckService {

    static final int PAGE_SIZE = 100;
    private static final Pattern AGENT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");
    private static final Pattern PURPOSE = Pattern.compile("^[A-Z][A-Z0-9_]{0,62}$");
    private static final Logger LOG = Logger.getLogger(ContactCheckService.class);

    /*
     * $1 tenant, $2 check id, $3 email index, $4 phone index, $5 contact id, $6 channel, $7 purpose, $8 agent id,
     * $9 the calling-hours verdict computed in Java (or null), $10 planned time.
     * The recipient's identifiers are those given plus those the ledger recorded with the given contact id, looked up
     * as one array so that every table is read through its index whatever its size. Reasons by precedence:
     * SUPPRESSED, RESTRICTED, (UNKNOWN_RECIPIENT), WITHDRAWN, NO_CONSENT, then calling hours. The disclosure policy is
     * the agent's own before every agent's, the channel's own before ANY. (This statement reads the suppression and
     * disclosure tables directly: the hot path is worth one statement.) The CTEs read twice are materialized so that
     * each fact is computed once.
     */
    private static final String CHECK = """
            with linked as materialized (
                select c.email_index, c.phone_index from consent_change c
                where c.tenant_id = $1 and c.contact_id = cast(cast($5 as varchar) as uuid)),
            recipient as materialized (
                select array(
                    select x from unnest(array[cast($3 as varchar), cast($4 as varchar), cast($5 as varchar)]) x where x is not null
                    union
                    select x from linked l, unnest(array[l.email_index, l.phone_index]) x where x is not null) as ids),
            facts as materialized (
                select
                    exists (select 1 from suppression s where s.tenant_id = $1 and s.lifted_at is null
                            and s.blind_index = any(r.ids)) as suppressed,
                    exists (select 1 from processing_restriction p where p.tenant_id = $1 and p.identifier = any(r.ids)) as restricted,
                    (select cs.state from consent_state cs where cs.tenant_id = $1 and cs.identifier = any(r.ids)
                            and cs.channel = $6 and cs.purpose = $7 order by cs.seq desc limit 1) as consent,
                    cast($3 as varchar) is null and cast($4 as varchar) is null
                        and not exists (select 1 from linked l where coalesce(l.email_index, l.phone_index) is not null) as unresolved
                from recipient r),
            decision as (
                select case
                    when f.suppressed then 'SUPPRESSED'
                    when f.restricted then 'RESTRICTED'
                    when f.consent is null and f.unresolved then 'UNKNOWN_RECIPIENT'
                    when f.consent = 'WITHDRAWN' then 'WITHDRAWN'
                    when f.consent is null then 'NO_CONSENT'
                    when cast($9 as varchar) is not null then 'OUTSIDE_CALLING_HOURS'
                end as reason
                from facts f),
            policy as materialized (
                select d.agent_id, d.channel, d.agent_name, d.agent_role, d.company_name, d.template, d.version
                from disclosure_policy d
                where d.tenant_id = $1 and d.agent_id in ($8, '*') and d.channel in ($6, 'ANY')
                order by d.agent_id = '*', d.channel = 'ANY' limit 1),
            evidence as (
                insert into contact_check (tenant_id, id, agent_id, channel, purpose, email_index, phone_index, contact_id,
                                           planned_at, decision, reason, disclosure_version)
                select $1, $2, $8, $6, $7, cast($3 as varchar), cast($4 as varchar), cast(cast($5 as varchar) as uuid), $10,
                       case when d.reason is null then 'ALLOWED' else 'REFUSED' end, d.reason,
                       case when d.reason is null then coalesce(
                           (select p.agent_id || '/' || p.channel || '/v' || p.version from policy p), 'default') end
                from decision d
                returning decision, reason, checked_at, disclosure_version)
            select e.decision, e.reason, e.checked_at, e.disclosure_version, p.template, p.agent_name, p.agent_role, p.company_name
            from evidence e left join policy p on true""";

    private final TenantTransactions transactions;
    private final Subjects subjects;
    private final CallingHoursPolicies callingHours;
    private final DisclosureTexts disclosures;
    private final UnsubscribeService unsubscribe;
    private final Duration ledgerTimeout;

    ContactCheckService(TenantTransactions transactions, Subjects subjects, CallingHoursPolicies callingHours,
                        DisclosureTexts disclosures, UnsubscribeService unsubscribe, ConsentConfig config) {
        this.ledgerTimeout = config.contactCheck().ledgerTimeout();
        this.transactions = transactions;
        this.subjects = subjects;
        this.callingHours = callingHours;
        this.disclosures = disclosures;
        this.unsubscribe = unsubscribe;
    }

    /** @throws ProblemException (400) for invalid input; never for an unreadable ledger, which answers REFUSED */
    public Uni<ContactCheckResponse> check(TenantId tenant, ContactCheckRequest request) {
        if (request == null) {
            throw ProblemException.invalidRequest("A body is required.");
        }
        require(request.agentId() != null && AGENT_ID.matcher(request.agentId()).matches(),
                "agentId is required: 1 to 100 letters, digits, '.', '_' or '-'.");
        require(request.channel() != null, "channel is required: one of " + List.of(ContactChannel.values()) + ".");
        require(request.purpose() != null && PURPOSE.matcher(request.purpose()).matches(),
                "purpose is required: an upper-case code such as MARKETING.");
        SubjectKeys recipient = subjects.keysOf(tenant, request.recipient(), "recipient");
        Instant plannedAt = request.plannedAt() == null ? Instant.now() : request.plannedAt();
        Optional<CallingHoursRefusal> hours;
        try {
            hours = request.channel() == ContactChannel.PHONE
                    ? callingHours.check(tenant, plannedAt, request.timeZone(), subjects.e164(request.recipient()))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidRequest(e.getMessage() + ".");
        }
        UUID id = UUID.randomUUID();
        Tuple arguments = Tuple.of(tenant.value(), id, recipient.emailIndex(), recipient.phoneIndex(), recipient.contactIdText(),
                request.channel().name(), request.purpose(), request.agentId(), hours.map(Enum::name).orElse(null),
                SqlTime.utc(plannedAt));
        return transactions.statement(tenant, CHECK, arguments)
                .map(rows -> rows.iterator().next())
                .ifNoItem().after(ledgerTimeout).fail()
                .map(row -> answer(tenant, id, request, recipient, hours, row))
                .onFailure().recoverWithItem(failure -> {
                    // Fail closed. The exception's type only: a database message may quote values.
                    LOG.warnf("Contact check %s of tenant %s refused: the ledger could not be read (%s)",
                            id, tenant, failure.getClass().getSimpleName());
                    return new ContactCheckResponse(id, ContactCheckResponse.Decision.REFUSED, CheckReason.LEDGER_UNAVAILABLE,
                            null, null, null, Instant.now());
                });
    }

    /** Recorded checks, newest first, optionally of one agent or one blind index. */
    public Uni<ContactCheckPage> evidence(TenantId tenant, String agentId, String subjectIndex) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select id, checked_at, agent_id, channel, purpose, email_index, phone_index, contact_id, planned_at,
                                       decision, reason, disclosure_version
                                from contact_check
                                where tenant_id = :tenant
                                  and (cast(:agent as varchar) is null or agent_id = cast(:agent as varchar))
                                  and (cast(:subject as varchar) is null or email_index = cast(:subject as varchar)
                                       or phone_index = cast(:subject as varchar))
                                order by checked_at desc limit :limit""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("agent", agentId)
                        .setParameter("subject", subjectIndex)
                        .setParameter("limit", PAGE_SIZE)
                        .getResultList()))
                .map(rows -> new ContactCheckPage(rows.stream().map(ContactCheckService::evidenceOf).toList()));
    }

    /** The subject's checks, oldest first, in the caller's transaction (for the subject's access export). */
    public Uni<List<ContactCheckEvidence>> evidenceOf(TenantId tenant, SubjectRef subject) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                select id, checked_at, agent_id, channel, purpose, email_index, phone_index, contact_id, planned_at,
                                       decision, reason, disclosure_version
                                from contact_check
                                where tenant_id = :tenant and (email_index in (:identifiers) or phone_index in (:identifiers)
                                                               or cast(contact_id as varchar) in (:identifiers))
                                order by checked_at""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("identifiers", identifiersOf(subject))
                        .getResultList())
                .map(rows -> rows.stream().map(ContactCheckService::evidenceOf).toList());
    }

    /** Deletes the subject's check evidence, in the caller's transaction (erasure). @return how many */
    public Uni<Integer> erase(TenantId tenant, SubjectRef subject) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        delete from contact_check where tenant_id = :tenant and (email_index in (:identifiers)
                            or phone_index in (:identifiers) or cast(contact_id as varchar) in (:identifiers))""")
                .setParameter("tenant", tenant.value())
                .setParameter("identifiers", identifiersOf(subject))
                .executeUpdate());
    }

    private ContactCheckResponse answer(TenantId tenant, UUID id, ContactCheckRequest request, SubjectKeys recipient,
                                        Optional<CallingHoursRefusal> hours, Row row) {
        Instant checkedAt = row.getOffsetDateTime("checked_at").toInstant();
        if (row.getString("reason") != null) {
            CheckReason reason = CheckReason.valueOf(row.getString("reason"));
            String detail = reason == CheckReason.OUTSIDE_CALLING_HOURS ? hours.map(Enum::name).orElse(null) : null;
            return new ContactCheckResponse(id, ContactCheckResponse.Decision.REFUSED, reason, detail, null, null, checkedAt);
        }
        String text = disclosures.render(row.getString("template"), request.agentId(), request.channel().name(),
                row.getString("agent_name"), row.getString("agent_role"), row.getString("company_name"));
        Map<String, String> headers = null;
        if (request.channel() == ContactChannel.EMAIL && recipient.email() != null) {
            headers = unsubscribe.headersFor(tenant, recipient.email(), request.purpose())
                    .map(ContactCheckService::headersOf).orElse(null);
        }
        return new ContactCheckResponse(id, ContactCheckResponse.Decision.ALLOWED, null, null,
                new ContactCheckResponse.Disclosure(text, row.getString("disclosure_version")), headers, checkedAt);
    }

    private static Map<String, String> headersOf(UnsubscribeHeaders headers) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("List-Unsubscribe", headers.listUnsubscribe());
        values.put("List-Unsubscribe-Post", headers.listUnsubscribePost());
        return values;
    }

    private static ContactCheckEvidence evidenceOf(Object row) {
        Object[] c = (Object[]) row;
        return new ContactCheckEvidence((UUID) c[0], SqlTime.instant(c[1]), (String) c[2], (String) c[3], (String) c[4],
                (String) c[5], (String) c[6], (UUID) c[7], SqlTime.instant(c[8]), (String) c[9], (String) c[10], (String) c[11]);
    }

    private static List<String> identifiersOf(SubjectRef subject) {
        List<String> identifiers = new ArrayList<>(subject.emailIndexes());
        identifiers.addAll(subject.phoneIndexes());
        subject.contactIds().forEach(id -> identifiers.add(id.toString()));
        return identifiers;
    }

    private static void require(boolean condition, String detail) {
        if (!condition) {
            throw ProblemException.invalidRequest(detail);
        }
    }
}

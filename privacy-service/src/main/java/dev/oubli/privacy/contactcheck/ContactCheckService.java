package dev.oubli.privacy.contactcheck;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
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
import dev.oubli.subjectindex.BlindIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
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
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The pre-contact check: may this agent contact this person on this channel, for this purpose, now? Judged in
 * one SQL statement that reads the suppression list, restrictions, the current consent and the disclosure
 * policy, decides, and writes the evidence; checks of a tenant that arrive together share that statement
 * ({@link ContactCheckBatches}). Calling hours are judged before, in memory. Fails closed: if the ledger cannot be read in time, the answer is REFUSED with
 * {@link CheckReason#LEDGER_UNAVAILABLE}.
 */
@ApplicationScoped
public class ContactCheckService {

    static final int PAGE_SIZE = 100;
    private static final Pattern AGENT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");
    private static final Pattern PURPOSE = Pattern.compile("^[A-Z][A-Z0-9_]{0,62}$");
    private static final Logger LOG = Logger.getLogger(ContactCheckService.class);
    /**
     * Check ids are UUID version 7: time first, then random bits. The evidence table's primary key then grows at its
     * right edge, as the table does, instead of dirtying (and logging a full image of) a random leaf page per check.
     */
    private static final TimeBasedEpochRandomGenerator CHECK_IDS = Generators.timeBasedEpochRandomGenerator();

    private final TenantTransactions transactions;
    private final ContactCheckBatches batches;
    private final Subjects subjects;
    private final CallingHoursPolicies callingHours;
    private final DisclosureTexts disclosures;
    private final UnsubscribeService unsubscribe;
    private final Duration ledgerTimeout;

    ContactCheckService(TenantTransactions transactions, ContactCheckBatches batches, Subjects subjects, CallingHoursPolicies callingHours,
                        DisclosureTexts disclosures, UnsubscribeService unsubscribe, ConsentConfig config) {
        this.ledgerTimeout = config.contactCheck().ledgerTimeout();
        this.transactions = transactions;
        this.batches = batches;
        this.subjects = subjects;
        this.callingHours = callingHours;
        this.disclosures = disclosures;
        this.unsubscribe = unsubscribe;
    }

    /**
     * @param agent the client the caller's token was issued to ({@code azp}): the agent of the check and its evidence
     * @throws ProblemException (403) for a token naming no usable client or a body naming another agent, (400) for
     *                          invalid input; never for an unreadable ledger, which answers REFUSED
     */
    public Uni<ContactCheckResponse> check(TenantId tenant, String agent, ContactCheckRequest request) {
        if (agent == null || !AGENT_ID.matcher(agent).matches()) {
            throw ProblemException.forbidden("agent-unknown", "No agent in the access token",
                    "The access token must name its client (azp): 1 to 100 letters, digits, '.', '_' or '-'.");
        }
        if (request == null) {
            throw ProblemException.invalidRequest("A body is required.");
        }
        if (request.agentId() != null && !request.agentId().equals(agent)) {
            throw ProblemException.forbidden("agent-mismatch", "Another agent named",
                    "agentId must be the client the access token was issued to, or be left out.");
        }
        require(request.channel() != null, "channel is required: one of " + List.of(ContactChannel.values()) + ".");
        require(request.purpose() != null && PURPOSE.matcher(request.purpose()).matches(),
                "purpose is required: an upper-case code such as MARKETING.");
        SubjectKeys recipient = subjects.keysOf(tenant, request.recipient(), "recipient");
        Instant plannedAt = request.plannedAt() == null ? Instant.now() : request.plannedAt();
        Uni<Optional<CallingHoursRefusal>> hoursVerdict;
        try {
            hoursVerdict = request.channel() == ContactChannel.PHONE
                    ? callingHours.check(tenant, plannedAt, request.timeZone(), subjects.e164(request.recipient()))
                    : Uni.createFrom().item(Optional.empty());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidRequest(e.getMessage() + ".");
        }
        UUID id = CHECK_IDS.generate();
        Context context = Vertx.currentContext();
        // The tenant's calling hours come from memory once cached (docs/adr/0046); unreadable, the check fails closed.
        return hoursVerdict.ifNoItem().after(ledgerTimeout).fail().chain(hours -> {
            ContactCheckBatches.Pending pending = new ContactCheckBatches.Pending(id, recipient.emailIndex(), recipient.phoneIndex(),
                    recipient.contactIdText(), request.channel().name(), request.purpose(), agent,
                    hours.map(Enum::name).orElse(null), SqlTime.utc(plannedAt), new CompletableFuture<>());
            batches.submit(tenant, pending);
            return Uni.createFrom().completionStage(pending.answer())
                    .emitOn(context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run()))
                    .ifNoItem().after(ledgerTimeout).fail()
                    .map(row -> answer(tenant, id, agent, request, recipient, hours, row))
                    .onFailure().invoke(() -> pending.answer().cancel(false)); // if it still waits for a statement, it never gets one
        }).onFailure().recoverWithItem(failure -> {
            // Fail closed. The exception's type only: a database message may quote values.
            LOG.warnf("Contact check %s of tenant %s refused: the ledger could not be read (%s)",
                    id, tenant, failure.getClass().getSimpleName());
            return new ContactCheckResponse(id, ContactCheckResponse.Decision.REFUSED, CheckReason.LEDGER_UNAVAILABLE,
                    null, null, null, Instant.now());
        });
    }

    /**
     * Recorded checks, newest first, optionally of one agent or one blind index.
     *
     * @throws ProblemException (400) for a filter that is not an agent id or a blind index
     */
    public Uni<ContactCheckPage> evidence(TenantId tenant, String agentId, String subjectIndex) {
        require(agentId == null || AGENT_ID.matcher(agentId).matches(), "agentId must be 1 to 100 letters, digits, '.', '_' or '-'.");
        require(subjectIndex == null || isBlindIndex(subjectIndex), "subjectIndex must be a blind index: 43 base64url characters.");
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

    /**
     * One recorded check, of any agent ({@code agent} null) or of that agent only.
     *
     * @throws ProblemException (404) when the tenant has no such check (of that agent)
     */
    public Uni<ContactCheckRecord> one(TenantId tenant, UUID checkId, String agent) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select id, agent_id, decision, reason, channel, purpose, disclosure_version, checked_at
                                from contact_check
                                where tenant_id = :tenant and id = :id
                                  and (cast(:agent as varchar) is null or agent_id = cast(:agent as varchar))""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", checkId)
                        .setParameter("agent", agent)
                        .getResultList()))
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("There is no contact check with this id.");
                    }
                    Object[] c = (Object[]) rows.get(0);
                    return new ContactCheckRecord((UUID) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4],
                            (String) c[5], (String) c[6], SqlTime.instant(c[7]));
                });
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

    private ContactCheckResponse answer(TenantId tenant, UUID id, String agent, ContactCheckRequest request, SubjectKeys recipient,
                                        Optional<CallingHoursRefusal> hours, Row row) {
        Instant checkedAt = row.getOffsetDateTime("checked_at").toInstant();
        if (row.getString("reason") != null) {
            CheckReason reason = CheckReason.valueOf(row.getString("reason"));
            String detail = reason == CheckReason.OUTSIDE_CALLING_HOURS ? hours.map(Enum::name).orElse(null) : null;
            return new ContactCheckResponse(id, ContactCheckResponse.Decision.REFUSED, reason, detail, null, null, checkedAt);
        }
        String text = disclosures.render(row.getString("template"), agent, request.channel().name(),
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

    private static boolean isBlindIndex(String value) {
        try {
            BlindIndex.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean condition, String detail) {
        if (!condition) {
            throw ProblemException.invalidRequest(detail);
        }
    }
}

package dev.oubli.privacy.consent;

import dev.oubli.events.ConsentChanged;
import dev.oubli.events.ConsentSource;
import dev.oubli.events.ConsentState;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.EventType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.subject.SqlTime;
import dev.oubli.privacy.subject.SubjectIdentifiers;
import dev.oubli.privacy.subject.SubjectKeys;
import dev.oubli.privacy.subject.Subjects;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The consent ledger: append-only changes per subject, channel and purpose, with their proof; the current
 * state is the latest change. Every change publishes {@link ConsentChanged} through the outbox, in its own
 * transaction.
 */
@ApplicationScoped
public class ConsentService {

    static final Pattern PURPOSE = Pattern.compile("^[A-Z][A-Z0-9_]{0,62}$");
    private static final Pattern IP = Pattern.compile("^[0-9A-Fa-f.:]{2,45}$");
    private static final Logger LOG = Logger.getLogger(ConsentService.class);

    private final TenantTransactions transactions;
    private final Outbox outbox;
    private final Subjects subjects;

    ConsentService(TenantTransactions transactions, Outbox outbox, Subjects subjects) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.subjects = subjects;
    }

    /** @throws ProblemException (400) for a missing field, an invalid identifier or an invalid proof */
    public Uni<ConsentChangeResponse> recordChange(TenantId tenant, RecordConsentChange change) {
        if (change == null) {
            throw ProblemException.invalidRequest("A body is required.");
        }
        SubjectKeys subject = subjects.keysOf(tenant, change.subject(), "subject");
        require(change.channel() != null, "channel is required: one of " + List.of(ContactChannel.values()) + ".");
        require(change.purpose() != null && PURPOSE.matcher(change.purpose()).matches(),
                "purpose is required: an upper-case code such as MARKETING.");
        require(change.state() != null, "state is required: GRANTED or WITHDRAWN.");
        require(change.source() != null, "source is required: one of " + List.of(ConsentSource.values()) + ".");
        ConsentProof proof = validProof(change.proof());
        return transactions.inTransaction(tenant, () ->
                append(tenant, subject, change.channel(), change.purpose(), change.state(), change.source(), proof));
    }

    /** The subject's current consents and full history; empty lists for a subject the ledger does not know. */
    public Uni<SubjectConsents> consentsOf(TenantId tenant, SubjectIdentifiers given) {
        SubjectKeys subject = subjects.keysOf(tenant, given, "subject");
        return transactions.inTransaction(tenant, () -> historyOf(tenant, subject)
                .chain(history -> isSuppressed(subject).map(suppressed -> new SubjectConsents(current(history), history, suppressed))));
    }

    /**
     * Appends one change, in the caller's transaction (inside {@code TenantTransactions.inTransaction}):
     * locks the subject's identifiers, so that two changes of one subject are ordered by their sequence,
     * inserts the change and the current state in one statement, and writes {@link ConsentChanged} to the outbox.
     */
    public Uni<ConsentChangeResponse> append(TenantId tenant, SubjectKeys subject, ContactChannel channel, String purpose,
                                             ConsentState state, ConsentSource source, ConsentProof proof) {
        UUID id = UUID.randomUUID();
        return lock(tenant, subject)
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery("""
                                with change as (
                                    insert into consent_change (tenant_id, id, email_index, phone_index, contact_id, channel,
                                        purpose, state, source, collected_at, text_version, source_ip, user_agent, external_reference)
                                    values (:tenant, :id, cast(:email as varchar), cast(:phone as varchar), cast(:contact as uuid),
                                        :channel, :purpose, :state, :source, cast(:collectedAt as timestamptz),
                                        cast(:textVersion as varchar), cast(cast(:ip as varchar) as inet), cast(:userAgent as varchar),
                                        cast(:externalReference as varchar))
                                    returning seq, recorded_at),
                                current_state as (
                                    insert into consent_state (tenant_id, identifier, channel, purpose, state, seq, changed_at)
                                    select :tenant, given.identifier, :channel, :purpose, :state, change.seq, change.recorded_at
                                    from change, (values (cast(:email as varchar)), (cast(:phone as varchar)),
                                                         (cast(:contact as varchar))) given (identifier)
                                    where given.identifier is not null
                                    on conflict (tenant_id, identifier, channel, purpose) do update
                                        set state = excluded.state, seq = excluded.seq, changed_at = excluded.changed_at
                                        where consent_state.seq < excluded.seq)
                                select change.seq, change.recorded_at,
                                    exists (select 1 from suppression s where s.tenant_id = :tenant and s.lifted_at is null
                                            and s.blind_index in (cast(:email as varchar), cast(:phone as varchar))) as suppressed
                                from change""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", id)
                        .setParameter("email", subject.emailIndex())
                        .setParameter("phone", subject.phoneIndex())
                        .setParameter("contact", subject.contactIdText())
                        .setParameter("channel", channel.name())
                        .setParameter("purpose", purpose)
                        .setParameter("state", state.name())
                        .setParameter("source", source.name())
                        .setParameter("collectedAt", SqlTime.utc(proof.collectedAt()))
                        .setParameter("textVersion", proof.textVersion())
                        .setParameter("ip", proof.ip())
                        .setParameter("userAgent", proof.userAgent())
                        .setParameter("externalReference", proof.externalReference())
                        .getSingleResult())
                .chain(row -> {
                    Object[] columns = (Object[]) row;
                    long seq = ((Number) columns[0]).longValue();
                    Instant recordedAt = SqlTime.instant(columns[1]);
                    boolean suppressed = (Boolean) columns[2];
                    ConsentChanged event = new ConsentChanged(subject.toRef(), channel, purpose, state, source, suppressed, recordedAt);
                    return outbox.append(tenant, Topics.PRIVACY_CONSENTS, Topics.consentKey(tenant.value(), event),
                                    EventType.CONSENT_CHANGED.ceType(), event)
                            .invoke(() -> LOG.debugf("Consent change %s (seq %d) of tenant %s: %s %s %s", id, seq, tenant, channel, purpose, state))
                            .replaceWith(new ConsentChangeResponse(id, seq, subject.emailIndex(), subject.phoneIndex(),
                                    subject.contactId(), channel, purpose, state, source, recordedAt, proof));
                });
    }

    /**
     * Withdraws, in the caller's transaction, every consent of the subject that is currently granted, one
     * change per channel and purpose. @return how many were withdrawn
     */
    public Uni<Integer> withdrawGranted(TenantId tenant, SubjectKeys subject, ConsentSource source) {
        return grantedOf(tenant, subject).chain(granted -> Multi.createFrom().iterable(granted)
                .onItem().transformToUniAndConcatenate(consent -> append(tenant, subject, consent.channel(), consent.purpose(),
                        ConsentState.WITHDRAWN, source, ConsentProof.NONE))
                .collect().asList()
                .map(List::size));
    }

    /**
     * Deletes, in the caller's transaction, the subject's whole consent history and current state (erasure:
     * the suppression list keeps what must outlive it). @return how many ledger changes were deleted
     */
    public Uni<Integer> erase(TenantId tenant, SubjectRef subject) {
        List<String> identifiers = identifiersOf(subject);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                delete from consent_state where tenant_id = :tenant and identifier in (:identifiers)""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("identifiers", identifiers)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery("""
                                        delete from consent_change where tenant_id = :tenant
                                          and (email_index in (:identifiers) or phone_index in (:identifiers)
                                               or cast(contact_id as varchar) in (:identifiers))""")
                                .setParameter("tenant", tenant.value())
                                .setParameter("identifiers", identifiers)
                                .executeUpdate()));
    }

    /** The subject's history, oldest first, in the caller's transaction. */
    public Uni<List<ConsentChangeResponse>> historyOf(TenantId tenant, SubjectKeys subject) {
        return history(tenant, """
                (email_index = cast(:email as varchar) or phone_index = cast(:phone as varchar) or contact_id = cast(:contact as uuid))""",
                Map.of(), subject);
    }

    /** The history of every identifier of a privacy request's subject, oldest first (the subject's access export). */
    public Uni<List<ConsentChangeResponse>> historyOf(TenantId tenant, SubjectRef subject) {
        return history(tenant, """
                (email_index in (:identifiers) or phone_index in (:identifiers) or cast(contact_id as varchar) in (:identifiers))""",
                Map.of("identifiers", identifiersOf(subject)), null);
    }

    /**
     * The subject with the blind indexes the ledger recorded beside its contact ids: an erasure or objection
     * named by contact id alone still reaches the suppression list. In the caller's transaction.
     */
    public Uni<SubjectRef> resolve(TenantId tenant, SubjectRef subject) {
        if (subject.contactIds().isEmpty()) {
            return Uni.createFrom().item(subject);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                select distinct email_index, phone_index from consent_change
                                where tenant_id = :tenant and contact_id in (:contacts)""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("contacts", subject.contactIds())
                        .getResultList())
                .map(rows -> {
                    List<String> emails = new ArrayList<>(subject.emailIndexes());
                    List<String> phones = new ArrayList<>(subject.phoneIndexes());
                    for (Object row : rows) {
                        Object[] c = (Object[]) row;
                        if (c[0] != null && !emails.contains((String) c[0])) {
                            emails.add((String) c[0]);
                        }
                        if (c[1] != null && !phones.contains((String) c[1])) {
                            phones.add((String) c[1]);
                        }
                    }
                    return new SubjectRef(subject.contactIds(), emails, phones);
                });
    }

    private Uni<List<ConsentChangeResponse>> history(TenantId tenant, String match, Map<String, Object> lists, SubjectKeys subject) {
        return Panache.getSession()
                .chain(session -> {
                    var query = session.createNativeQuery("""
                                    select id, seq, email_index, phone_index, contact_id, channel, purpose, state, source, recorded_at,
                                           collected_at, text_version, host(source_ip), user_agent, external_reference
                                    from consent_change
                                    where tenant_id = :tenant and """ + match + " order by seq")
                            .setParameter("tenant", tenant.value());
                    if (subject != null) {
                        query.setParameter("email", subject.emailIndex())
                                .setParameter("phone", subject.phoneIndex())
                                .setParameter("contact", subject.contactIdText());
                    }
                    lists.forEach(query::setParameter);
                    return query.getResultList();
                })
                .map(rows -> rows.stream().map(row -> {
                    Object[] c = (Object[]) row;
                    return new ConsentChangeResponse((UUID) c[0], ((Number) c[1]).longValue(), (String) c[2], (String) c[3],
                            (UUID) c[4], ContactChannel.valueOf((String) c[5]), (String) c[6], ConsentState.valueOf((String) c[7]),
                            ConsentSource.valueOf((String) c[8]), SqlTime.instant(c[9]),
                            new ConsentProof(SqlTime.instant(c[10]), (String) c[11], (String) c[12], (String) c[13], (String) c[14]));
                }).toList());
    }

    private Uni<List<CurrentConsent>> grantedOf(TenantId tenant, SubjectKeys subject) {
        return historyOf(tenant, subject).map(history -> current(history).stream()
                .filter(consent -> consent.state() == ConsentState.GRANTED).toList());
    }

    private Uni<Boolean> isSuppressed(SubjectKeys subject) {
        if (subject.blindIndexes().isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select exists (select 1 from suppression where lifted_at is null and blind_index in (:indexes))""")
                .setParameter("indexes", subject.blindIndexes())
                .getSingleResult()
                .map(found -> (Boolean) found));
    }

    /**
     * Transaction-scoped advisory locks on each identifier, in one order, so that concurrent changes of one
     * subject queue up instead of interleaving: their sequence is then their commit order.
     */
    private static Uni<Void> lock(TenantId tenant, SubjectKeys subject) {
        List<String> identifiers = new ArrayList<>(subject.identifiers());
        identifiers.sort(null);
        return Panache.getSession().chain(session -> Multi.createFrom().iterable(identifiers)
                .onItem().transformToUniAndConcatenate(identifier -> session.createNativeQuery(
                                "select cast(pg_advisory_xact_lock(hashtextextended(:key, 0)) as varchar)")
                        .setParameter("key", tenant + ":" + identifier)
                        .getSingleResult())
                .collect().last()
                .replaceWithVoid());
    }

    static List<CurrentConsent> current(List<ConsentChangeResponse> history) {
        Map<String, CurrentConsent> latest = new LinkedHashMap<>();
        for (ConsentChangeResponse change : history) {
            latest.put(change.channel() + ":" + change.purpose(),
                    new CurrentConsent(change.channel(), change.purpose(), change.state(), change.sequence(), change.recordedAt()));
        }
        return List.copyOf(latest.values());
    }

    private static List<String> identifiersOf(SubjectRef subject) {
        List<String> identifiers = new ArrayList<>(subject.emailIndexes());
        identifiers.addAll(subject.phoneIndexes());
        subject.contactIds().forEach(id -> identifiers.add(id.toString()));
        return identifiers;
    }

    private static ConsentProof validProof(ConsentProof proof) {
        if (proof == null) {
            return ConsentProof.NONE;
        }
        require(proof.ip() == null || IP.matcher(proof.ip()).matches(), "proof.ip must be an IPv4 or IPv6 address.");
        require(proof.textVersion() == null || proof.textVersion().length() <= 100, "proof.textVersion is longer than 100 characters.");
        require(proof.userAgent() == null || proof.userAgent().length() <= 512, "proof.userAgent is longer than 512 characters.");
        require(proof.externalReference() == null || proof.externalReference().length() <= 200,
                "proof.externalReference is longer than 200 characters.");
        return proof;
    }

    private static void require(boolean condition, String detail) {
        if (!condition) {
            throw ProblemException.invalidRequest(detail);
        }
    }
}

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
import io.vertx.core.json.JsonArray;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The consent ledger: append-only changes per subject, channel and purpose, with their proof and who recorded them;
 * the current state is the latest change. Every change publishes {@link ConsentChanged} through the outbox, in its
 * own transaction. A suppressed subject is never granted consent again, by any path (docs/adr/0021).
 */
@ApplicationScoped
public class ConsentService {

    static final Pattern PURPOSE = Pattern.compile("^[A-Z][A-Z0-9_]{0,62}$");
    private static final Pattern IP = Pattern.compile("^[0-9A-Fa-f.:]{2,45}$");
    /** How far ahead of ours the clock of whoever collected a consent may be. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** No consent proof is older: earlier dates are placeholders (1970-01-01) or typing errors (docs/adr/0021). */
    static final Instant EARLIEST_PROOF = Instant.parse("2000-01-01T00:00:00Z");
    /** Only these paths take consent away; they never grant it. */
    private static final Set<ConsentSource> WITHDRAWING_SOURCES = EnumSet.of(ConsentSource.UNSUBSCRIBE_LINK, ConsentSource.PRIVACY_REQUEST);
    private static final Logger LOG = Logger.getLogger(ConsentService.class);

    private final TenantTransactions transactions;
    private final Outbox outbox;
    private final Subjects subjects;

    ConsentService(TenantTransactions transactions, Outbox outbox, Subjects subjects) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.subjects = subjects;
    }

    /**
     * @throws ProblemException (400) for a missing field, an invalid identifier, a grant without proof or an invalid
     *                          proof; (409 {@code subject-suppressed}) for a grant of a suppressed subject
     */
    public Uni<ConsentChangeResponse> recordChange(TenantId tenant, ConsentRecorder recorder, RecordConsentChange change) {
        if (change == null) {
            throw ProblemException.invalidRequest("A body is required.");
        }
        SubjectKeys subject = subjects.keysOf(tenant, change.subject(), "subject");
        require(change.channel() != null, "channel is required: one of " + List.of(ContactChannel.values()) + ".");
        require(change.purpose() != null && PURPOSE.matcher(change.purpose()).matches(),
                "purpose is required: an upper-case code such as MARKETING.");
        require(change.state() != null, "state is required: GRANTED or WITHDRAWN.");
        require(change.source() != null, "source is required: one of " + List.of(ConsentSource.values()) + ".");
        boolean grant = change.state() == ConsentState.GRANTED;
        require(!grant || !WITHDRAWING_SOURCES.contains(change.source()),
                "source " + change.source() + " only withdraws consent: a grant comes from FORM, IMPORT, API or AGENT.");
        ConsentProof proof = validProof(change.proof(), grant, Instant.now());
        return transactions.inTransaction(tenant, () ->
                append(tenant, subject, change.channel(), change.purpose(), change.state(), change.source(), proof, recorder));
    }

    /** The subject's current consents and full history; empty lists for a subject the ledger does not know. */
    public Uni<SubjectConsents> consentsOf(TenantId tenant, SubjectIdentifiers given) {
        SubjectKeys subject = subjects.keysOf(tenant, given, "subject");
        return transactions.inTransaction(tenant, () -> historyOf(tenant, subject)
                .chain(history -> isSuppressed(tenant, subject).chain(suppressed -> isRestricted(tenant, subject)
                        .map(restricted -> new SubjectConsents(current(history), history, suppressed, restricted)))));
    }

    /** {@link #append(TenantId, SubjectKeys, ContactChannel, String, ConsentState, ConsentSource, ConsentProof, ConsentRecorder)} by privacy-service itself. */
    public Uni<ConsentChangeResponse> append(TenantId tenant, SubjectKeys subject, ContactChannel channel, String purpose,
                                             ConsentState state, ConsentSource source, ConsentProof proof) {
        return append(tenant, subject, channel, purpose, state, source, proof, ConsentRecorder.SYSTEM);
    }

    /**
     * Appends one change, in the caller's transaction (inside {@code TenantTransactions.inTransaction}):
     * locks the subject's identifiers, so that two changes of one subject are ordered by their sequence (and a
     * suppression of one of them, which takes the same locks, is either before or after), refuses a grant of a
     * suppressed subject, inserts the change and the current state in one statement, and writes
     * {@link ConsentChanged} to the outbox.
     *
     * @throws ProblemException (409 {@code subject-suppressed}) for a grant of a suppressed subject
     */
    public Uni<ConsentChangeResponse> append(TenantId tenant, SubjectKeys subject, ContactChannel channel, String purpose,
                                             ConsentState state, ConsentSource source, ConsentProof proof, ConsentRecorder recorder) {
        return append(tenant, subject, channel, purpose, state, source, proof, recorder, null, null);
    }

    /**
     * Records, in the caller's transaction, a grant an import made for one of its rows (docs/adr/0036), unless the
     * ledger already knows better: the row was applied before, the subject is suppressed (never opted in again), the
     * consent is already granted (the same file imported again), or a change was recorded at or after the proof's
     * collection date (a later withdrawal wins over an older paper form). @return whether the grant was recorded
     */
    public Uni<Boolean> appendImported(TenantId tenant, SubjectKeys subject, ContactChannel channel, String purpose,
                                       ConsentProof proof, ConsentRecorder recorder, UUID importId, long row) {
        return lock(tenant, subject.identifiers())
                .chain(() -> isSuppressed(tenant, subject))
                .chain(suppressed -> suppressed ? Uni.createFrom().item(false) : Panache.getSession().chain(session -> session
                        .createNativeQuery("""
                                select not exists (select 1 from consent_change
                                                   where tenant_id = :tenant and import_id = :importId and import_row = :row
                                                     and channel = :channel and purpose = :purpose)
                                   and not exists (select 1 from consent_state
                                                   where tenant_id = :tenant and channel = :channel and purpose = :purpose
                                                     and identifier in (:identifiers)
                                                     and (state = 'GRANTED' or changed_at >= cast(:collectedAt as timestamptz)))""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("importId", importId)
                        .setParameter("row", row)
                        .setParameter("channel", channel.name())
                        .setParameter("purpose", purpose)
                        .setParameter("identifiers", subject.identifiers())
                        .setParameter("collectedAt", SqlTime.utc(proof.collectedAt()))
                        .getSingleResult()
                        .map(fresh -> (Boolean) fresh)))
                .chain(fresh -> !fresh ? Uni.createFrom().item(false)
                        : append(tenant, subject, channel, purpose, ConsentState.GRANTED, ConsentSource.IMPORT, proof, recorder,
                        importId, row).replaceWith(true));
    }

    private Uni<ConsentChangeResponse> append(TenantId tenant, SubjectKeys subject, ContactChannel channel, String purpose,
                                              ConsentState state, ConsentSource source, ConsentProof proof, ConsentRecorder recorder,
                                              UUID importId, Long importRow) {
        UUID id = UUID.randomUUID();
        return lock(tenant, subject.identifiers())
                .chain(() -> isSuppressed(tenant, subject))
                .invoke(suppressed -> {
                    if (suppressed && state == ConsentState.GRANTED) {
                        throw new ProblemException(409, "subject-suppressed", "Subject suppressed", "The subject is on the "
                                + "suppression list: consent cannot be granted again unless a privacy officer lifts the entry.");
                    }
                })
                .chain(suppressed -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                with change as (
                                    insert into consent_change (tenant_id, id, email_index, phone_index, contact_id, channel,
                                        purpose, state, source, collected_at, text_version, source_ip, user_agent, external_reference,
                                        recorded_by_kind, recorded_by, import_id, import_row)
                                    values (:tenant, :id, cast(:email as varchar), cast(:phone as varchar), cast(:contact as uuid),
                                        :channel, :purpose, :state, :source, cast(:collectedAt as timestamptz),
                                        cast(:textVersion as varchar), cast(cast(:ip as varchar) as inet), cast(:userAgent as varchar),
                                        cast(:externalReference as varchar), :recordedByKind, :recordedBy, cast(:importId as uuid),
                                        cast(cast(:importRow as varchar) as bigint))
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
                                select change.seq, change.recorded_at from change""")
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
                        .setParameter("recordedByKind", recorder.kind().name())
                        .setParameter("recordedBy", recorder.id())
                        .setParameter("importId", importId == null ? null : importId.toString())
                        .setParameter("importRow", importRow == null ? null : importRow.toString())
                        .getSingleResult())
                .chain(row -> {
                    Object[] columns = (Object[]) row;
                    long seq = ((Number) columns[0]).longValue();
                    Instant recordedAt = SqlTime.instant(columns[1]);
                    ConsentChanged event = new ConsentChanged(subject.toRef(), channel, purpose, state, source, suppressed, recordedAt);
                    return outbox.append(tenant, Topics.PRIVACY_CONSENTS, Topics.consentKey(tenant.value(), event),
                                    EventType.CONSENT_CHANGED.ceType(), event)
                            .invoke(() -> LOG.debugf("Consent change %s (seq %d) of tenant %s: %s %s %s", id, seq, tenant, channel, purpose, state))
                            .replaceWith(new ConsentChangeResponse(id, seq, subject.emailIndex(), subject.phoneIndex(),
                                    subject.contactId(), channel, purpose, state, source, recordedAt, proof, recorder));
                }));
    }

    /**
     * Withdraws, in the caller's transaction, every consent of the subject that is currently granted, one
     * change per channel and purpose. @return how many were withdrawn
     */
    public Uni<Integer> withdrawGranted(TenantId tenant, SubjectKeys subject, ConsentSource source, ConsentRecorder recorder) {
        return withdrawGranted(tenant, subject, source, recorder, ConsentProof.NONE);
    }

    /** {@link #withdrawGranted(TenantId, SubjectKeys, ConsentSource, ConsentRecorder)} with the proof of the withdrawal. */
    public Uni<Integer> withdrawGranted(TenantId tenant, SubjectKeys subject, ConsentSource source, ConsentRecorder recorder,
                                        ConsentProof proof) {
        return grantedOf(tenant, subject).chain(granted -> Multi.createFrom().iterable(granted)
                .onItem().transformToUniAndConcatenate(consent -> append(tenant, subject, consent.channel(), consent.purpose(),
                        ConsentState.WITHDRAWN, source, proof, recorder))
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

    /**
     * The subject's history, oldest first (by when each change was recorded: a change a rectification carried over keeps
     * its date, docs/adr/0047), in the caller's transaction.
     */
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
                                           collected_at, text_version, host(source_ip), user_agent, external_reference,
                                           recorded_by_kind, recorded_by
                                    from consent_change
                                    where tenant_id = :tenant and """ + match + " order by recorded_at, seq")
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
                            new ConsentProof(SqlTime.instant(c[10]), (String) c[11], (String) c[12], (String) c[13], (String) c[14]),
                            c[15] == null ? null : new ConsentRecorder(ConsentRecorder.Kind.valueOf((String) c[15]), (String) c[16]));
                }).toList());
    }

    private Uni<List<CurrentConsent>> grantedOf(TenantId tenant, SubjectKeys subject) {
        return historyOf(tenant, subject).map(history -> current(history).stream()
                .filter(consent -> consent.state() == ConsentState.GRANTED).toList());
    }

    /**
     * Whether one of the subject's blind indexes, given or recorded with its contact id (as the check resolves a
     * recipient), is actively suppressed; in the caller's transaction.
     */
    /** Whether a RESTRICTION, not lifted, holds one of the subject's identifiers (the check refuses them, ADR 0039). */
    private Uni<Boolean> isRestricted(TenantId tenant, SubjectKeys subject) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select exists (select 1 from processing_restriction pr where pr.tenant_id = :tenant
                            and pr.identifier in (cast(:email as varchar), cast(:phone as varchar), cast(:contact as varchar)))""")
                .setParameter("tenant", tenant.value())
                .setParameter("email", subject.emailIndex())
                .setParameter("phone", subject.phoneIndex())
                .setParameter("contact", subject.contactIdText())
                .getSingleResult()
                .map(found -> (Boolean) found));
    }

    private Uni<Boolean> isSuppressed(TenantId tenant, SubjectKeys subject) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select exists (select 1 from suppression s where s.tenant_id = :tenant and s.lifted_at is null
                            and s.blind_index in (
                                select cast(:email as varchar) union all select cast(:phone as varchar)
                                union all select c.email_index from consent_change c
                                    where c.tenant_id = :tenant and c.contact_id = cast(:contact as uuid)
                                union all select c.phone_index from consent_change c
                                    where c.tenant_id = :tenant and c.contact_id = cast(:contact as uuid)))""")
                .setParameter("tenant", tenant.value())
                .setParameter("email", subject.emailIndex())
                .setParameter("phone", subject.phoneIndex())
                .setParameter("contact", subject.contactIdText())
                .getSingleResult()
                .map(found -> (Boolean) found));
    }

    /** Takes {@link #lock(TenantId, List)} on every identifier of the subject, for work that spans several changes. */
    public Uni<Void> lock(TenantId tenant, SubjectRef subject) {
        return lock(tenant, identifiersOf(subject));
    }

    /**
     * Transaction-scoped advisory locks on each identifier (a blind index, or a contact id as text), in one order,
     * so that concurrent changes of one subject queue up instead of interleaving: their sequence is then their
     * commit order. The suppression list takes the same locks; taking one twice in a transaction is free. One statement
     * whatever their number (an erasure's batch names up to 1,500 identifiers: docs/adr/0062), taking them in that order.
     */
    public static Uni<Void> lock(TenantId tenant, List<String> given) {
        if (given.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> keys = given.stream().map(identifier -> tenant + ":" + identifier).sorted().distinct().toList();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                select cast(count(pg_advisory_xact_lock(hashtextextended(k.key, 0))) as varchar)
                                from (select key, n from json_array_elements_text(cast(cast(:keys as text) as json))
                                      with ordinality as t(key, n) order by n) k""")
                        .setParameter("keys", new JsonArray(keys).encode())
                        .getSingleResult())
                .replaceWithVoid();
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

    /**
     * A grant needs proof (GDPR Art. 7(1)): when it was collected and the text agreed to; a withdrawal needs none.
     * Any proof given is checked: collected in the past (give or take {@link #CLOCK_SKEW}), not before
     * {@link #EARLIEST_PROOF}, bounded texts without control characters.
     */
    static ConsentProof validProof(ConsentProof proof, boolean grant, Instant now) {
        if (proof == null) {
            require(!grant, "proof is required for a grant: {collectedAt, textVersion}.");
            return ConsentProof.NONE;
        }
        require(!grant || proof.collectedAt() != null, "proof.collectedAt is required for a grant: when the person agreed.");
        require(proof.collectedAt() == null || !proof.collectedAt().isAfter(now.plus(CLOCK_SKEW)),
                "proof.collectedAt is in the future.");
        require(proof.collectedAt() == null || !proof.collectedAt().isBefore(EARLIEST_PROOF),
                "proof.collectedAt is before " + EARLIEST_PROOF + ".");
        require(!grant || (proof.textVersion() != null && !proof.textVersion().isBlank()),
                "proof.textVersion is required for a grant: the version of the text the person agreed to.");
        requireText(proof.textVersion(), 100, "proof.textVersion");
        requireText(proof.userAgent(), 512, "proof.userAgent");
        requireText(proof.externalReference(), 200, "proof.externalReference");
        require(proof.ip() == null || IP.matcher(proof.ip()).matches(), "proof.ip must be an IPv4 or IPv6 address.");
        return proof;
    }

    private static void requireText(String text, int maxLength, String field) {
        require(text == null || text.length() <= maxLength, field + " is longer than " + maxLength + " characters.");
        require(text == null || text.chars().noneMatch(Character::isISOControl), field + " holds a control character.");
    }

    private static void require(boolean condition, String detail) {
        if (!condition) {
            throw ProblemException.invalidRequest(detail);
        }
    }
}

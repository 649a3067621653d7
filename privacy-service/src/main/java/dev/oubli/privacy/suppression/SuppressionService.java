package dev.oubli.privacy.suppression;

import dev.oubli.events.ConsentChanged;
import dev.oubli.events.ConsentSource;
import dev.oubli.events.ConsentState;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.EventType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.consent.ConsentRecorder;
import dev.oubli.privacy.consent.ConsentService;
import dev.oubli.privacy.consent.IdentifierLinks;
import dev.oubli.privacy.subject.SqlTime;
import dev.oubli.privacy.subject.SubjectIdentifiers;
import dev.oubli.privacy.subject.SubjectKeys;
import dev.oubli.privacy.subject.Subjects;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.json.JsonArray;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The suppression list: blind indexes of people who must not be contacted at all, with a reason and dates.
 * It outlives the erasure of everything else (docs/adr/0012). Adding or lifting an entry publishes
 * {@link ConsentChanged} with {@code suppressed} set accordingly. A suppressed subject's consents stay withdrawn: the
 * ledger refuses to grant them again until the entry is lifted (docs/adr/0021).
 */
@ApplicationScoped
public class SuppressionService {

    static final int PAGE_SIZE = 100;
    /** Consumers' mirrors need a channel and purpose: a suppression is reported as a marketing withdrawal. */
    static final String REPORTED_PURPOSE = "MARKETING";
    private static final Logger LOG = Logger.getLogger(SuppressionService.class);

    private final TenantTransactions transactions;
    private final Outbox outbox;
    private final Subjects subjects;
    private final ConsentService consents;
    private final IdentifierLinks links;

    SuppressionService(TenantTransactions transactions, Outbox outbox, Subjects subjects, ConsentService consents,
                       IdentifierLinks links) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.subjects = subjects;
        this.consents = consents;
        this.links = links;
    }

    /** Suppresses the subject and withdraws its granted consents, as an objection does (docs/adr/0012). */
    public Uni<SuppressionStatus> add(TenantId tenant, ConsentRecorder recorder, AddSuppression body) {
        if (body == null) {
            throw ProblemException.invalidRequest("A body is required.");
        }
        SubjectKeys subject = indexedSubject(tenant, body.subject());
        SuppressionReason reason = body.reason() == null ? SuppressionReason.REQUESTED : body.reason();
        // The whole subject's locks first, in the ledger's order: suppress and withdraw then take none of their own.
        return transactions.inTransaction(tenant, () -> consents.lock(tenant, subject.toRef())
                .chain(() -> suppress(tenant, subject.toRef(), reason, ConsentSource.API))
                .chain(() -> consents.withdrawGranted(tenant, subject, ConsentSource.API, recorder))
                .chain(() -> activeEntries(subject.blindIndexes()))
                .map(entries -> new SuppressionStatus(!entries.isEmpty(), entries)));
    }

    public Uni<SuppressionStatus> check(TenantId tenant, SubjectIdentifiers given) {
        SubjectKeys subject = indexedSubject(tenant, given);
        return transactions.inTransaction(tenant, () -> activeEntries(subject.blindIndexes()))
                .map(entries -> new SuppressionStatus(!entries.isEmpty(), entries));
    }

    public Uni<SuppressionPage> newest(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select id, blind_index, kind, reason, suppressed_at, lifted_at, lift_reason from suppression
                                where tenant_id = :tenant order by suppressed_at desc, id desc limit :limit""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("limit", PAGE_SIZE)
                        .getResultList()))
                .map(rows -> new SuppressionPage(rows.stream().map(SuppressionService::entry).toList()));
    }

    /**
     * Lifts an active entry; the entry stays, with the reason, as the record of the decision.
     *
     * @throws ProblemException (400) without a reason, (404) for an unknown or already lifted entry
     */
    public Uni<SuppressionEntry> lift(TenantId tenant, long id, LiftSuppression body) {
        if (body == null || body.reason() == null || body.reason().isBlank() || body.reason().length() > 200
                || body.reason().chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidRequest(
                    "reason is required (at most 200 characters, no control character): why the person may be contacted again.");
        }
        return transactions.inTransaction(tenant, () -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                update suppression set lifted_at = clock_timestamp(), lift_reason = :reason
                                where tenant_id = :tenant and id = :id and lifted_at is null
                                returning id, blind_index, kind, reason, suppressed_at, lifted_at, lift_reason""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", id)
                        .setParameter("reason", body.reason().strip())
                        .getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("There is no active suppression with this id.");
                    }
                    SuppressionEntry entry = entry(rows.get(0));
                    return publish(tenant, List.of(entry), false, ConsentSource.API, entry.liftedAt())
                            .invoke(() -> LOG.infof("Suppression %d of tenant %s lifted", id, tenant))
                            .replaceWith(entry);
                }));
    }

    /**
     * Puts every blind index of the subject on the list, in the caller's transaction; an index already on it
     * keeps its entry. Publishes {@link ConsentChanged} (suppressed) for the new entries. Takes the ledger's lock on
     * each index first, so that a grant of the subject is either committed before (and then withdrawn by the caller)
     * or refused. An identifier a rectification corrected brings its new identifier along (docs/adr/0047): the person
     * who unsubscribes or objects under an old address is suppressed under the address they are known by now.
     *
     * @return how many entries were added
     */
    public Uni<Integer> suppress(TenantId tenant, SubjectRef subject, SuppressionReason reason, ConsentSource source) {
        List<String> given = new ArrayList<>(subject.emailIndexes());
        given.addAll(subject.phoneIndexes());
        return links.successors(tenant, given).chain(followed -> {
            List<String[]> indexes = new ArrayList<>();
            subject.emailIndexes().forEach(index -> indexes.add(new String[] {index, "EMAIL"}));
            subject.phoneIndexes().forEach(index -> indexes.add(new String[] {index, "PHONE"}));
            followed.forEach(link -> indexes.add(new String[] {link.identifier(), link.kind()}));
            return suppress(tenant, indexes, reason, source);
        });
    }

    private Uni<Integer> suppress(TenantId tenant, List<String[]> indexes, SuppressionReason reason, ConsentSource source) {
        // One statement whatever their number (an erasure's batch: docs/adr/0062); an index already listed adds nothing.
        JsonArray rows = new JsonArray();
        indexes.forEach(index -> rows.add(new JsonArray().add(index[0]).add(index[1])));
        return ConsentService.lock(tenant, indexes.stream().map(index -> index[0]).toList())
                .chain(() -> Panache.getSession()).chain(session -> session.createNativeQuery("""
                                insert into suppression (tenant_id, blind_index, kind, reason)
                                select :tenant, row ->> 0, row ->> 1, :reason from json_array_elements(cast(cast(:rows as text) as json)) row
                                on conflict (tenant_id, blind_index) where lifted_at is null do nothing
                                returning id, blind_index, kind, reason, suppressed_at, lifted_at, lift_reason""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("rows", rows.encode())
                        .setParameter("reason", reason.name())
                        .getResultList())
                .chain(results -> {
                    List<SuppressionEntry> added = results.stream().map(SuppressionService::entry).toList();
                    if (added.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return publish(tenant, added, true, source, added.get(0).suppressedAt()).replaceWith(added.size());
                });
    }

    /** Whether any of these blind indexes is suppressed, in the caller's transaction. */
    public Uni<List<SuppressionEntry>> activeEntries(List<String> blindIndexes) {
        if (blindIndexes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select id, blind_index, kind, reason, suppressed_at, lifted_at, lift_reason from suppression
                        where lifted_at is null and blind_index in (:indexes) order by id""")
                .setParameter("indexes", blindIndexes)
                .getResultList())
                .map(rows -> rows.stream().map(SuppressionService::entry).toList());
    }

    private Uni<Void> publish(TenantId tenant, List<SuppressionEntry> entries, boolean suppressed, ConsentSource source, Instant at) {
        List<String> emails = entries.stream().filter(e -> e.kind().equals("EMAIL")).map(SuppressionEntry::blindIndex).toList();
        List<String> phones = entries.stream().filter(e -> e.kind().equals("PHONE")).map(SuppressionEntry::blindIndex).toList();
        ContactChannel channel = emails.isEmpty() ? ContactChannel.PHONE : ContactChannel.EMAIL;
        ConsentChanged event = new ConsentChanged(new SubjectRef(List.of(), emails, phones), channel, REPORTED_PURPOSE,
                ConsentState.WITHDRAWN, source, suppressed, at);
        return outbox.append(tenant, Topics.PRIVACY_CONSENTS, Topics.consentKey(tenant.value(), event),
                EventType.CONSENT_CHANGED.ceType(), event).replaceWithVoid();
    }

    private SubjectKeys indexedSubject(TenantId tenant, SubjectIdentifiers given) {
        SubjectKeys subject = subjects.keysOf(tenant, given, "subject");
        if (subject.blindIndexes().isEmpty()) {
            throw ProblemException.invalidRequest("subject needs an email or a phone: the suppression list holds their blind indexes only.");
        }
        return subject;
    }

    private static SuppressionEntry entry(Object row) {
        Object[] c = (Object[]) row;
        return new SuppressionEntry(((Number) c[0]).longValue(), (String) c[1], (String) c[2], SuppressionReason.valueOf((String) c[3]),
                SqlTime.instant(c[4]), SqlTime.instant(c[5]), (String) c[6]);
    }
}

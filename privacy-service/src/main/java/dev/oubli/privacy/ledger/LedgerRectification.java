package dev.oubli.privacy.ledger;

import dev.oubli.events.ConsentChanged;
import dev.oubli.events.ConsentSource;
import dev.oubli.events.ConsentState;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.consent.ConsentService;
import dev.oubli.privacy.consent.IdentifierLinks;
import dev.oubli.privacy.subject.SqlTime;
import dev.oubli.privacy.subject.SubjectIdentifiers;
import dev.oubli.privacy.subject.SubjectKeys;
import dev.oubli.privacy.subject.Subjects;
import dev.oubli.privacy.suppression.SuppressionService;
import dev.oubli.problem.ProblemException;
import dev.oubli.sealing.CorrectionSealing;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rectification of an email or a phone, as the consent ledger follows it (issue 21 item 5, docs/adr/0047): for
 * each old blind index of the subject and the corrected one, the link is recorded; the consent history is copied,
 * proof and dates kept, under the new identifier; the new identifier's current state is the most recent change of
 * both histories; its suppressions and restrictions are added to the new identifier and stay on the old one. All in
 * the caller's transaction, idempotent: a request applied again copies and adds nothing.
 */
@ApplicationScoped
class LedgerRectification {

    /** The corrected identifiers cannot be read: sealed for another request, altered, or not an email or phone. */
    static final class InvalidCorrections extends Exception {
        InvalidCorrections(String message) {
            super(message, null, false, false);
        }
    }

    private record Pair(String oldIdentifier, String newIdentifier, String kind) {
    }

    private final CorrectionSealing sealing;
    private final Subjects subjects;
    private final IdentifierLinks links;
    private final SuppressionService suppressions;
    private final Outbox outbox;

    LedgerRectification(CorrectionSealing sealing, Subjects subjects, IdentifierLinks links, SuppressionService suppressions,
                        Outbox outbox) {
        this.sealing = sealing;
        this.subjects = subjects;
        this.links = links;
        this.suppressions = suppressions;
        this.outbox = outbox;
    }

    /** The corrected email and phone as blind indexes; empty when the request corrects neither. */
    Optional<SubjectKeys> corrected(TenantId tenant, PrivacyRequestSubmitted request) throws InvalidCorrections {
        if (request.corrections() == null) {
            return Optional.empty();
        }
        Map<String, String> corrections;
        try {
            corrections = sealing.open(tenant.value(), request.requestId(), request.corrections());
        } catch (GeneralSecurityException e) {
            throw new InvalidCorrections("the corrections cannot be opened");
        }
        String email = corrections.get("email");
        String phone = corrections.get("phone");
        if (email == null && phone == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(subjects.keysOf(tenant, new SubjectIdentifiers(email, phone, null), "corrections"));
        } catch (ProblemException invalid) {
            throw new InvalidCorrections("a corrected identifier is not valid");
        }
    }

    /** Follows the corrections for the (resolved) subject. @return the receipt's counts */
    Uni<Map<String, Long>> apply(TenantId tenant, PrivacyRequestSubmitted request, SubjectRef subject, SubjectKeys corrected) {
        List<Pair> pairs = new ArrayList<>();
        if (corrected.emailIndex() != null) {
            subject.emailIndexes().stream().filter(old -> !old.equals(corrected.emailIndex()))
                    .forEach(old -> pairs.add(new Pair(old, corrected.emailIndex(), "EMAIL")));
        }
        if (corrected.phoneIndex() != null) {
            subject.phoneIndexes().stream().filter(old -> !old.equals(corrected.phoneIndex()))
                    .forEach(old -> pairs.add(new Pair(old, corrected.phoneIndex(), "PHONE")));
        }
        List<String> locked = new ArrayList<>();
        pairs.forEach(pair -> {
            locked.add(pair.oldIdentifier());
            locked.add(pair.newIdentifier());
        });
        Map<String, Long> counts = new LinkedHashMap<>(Map.of("rectified", 0L, "consents-moved", 0L, "consents-current", 0L,
                "suppressions-followed", 0L, "restrictions-followed", 0L));
        return ConsentService.lock(tenant, locked.stream().distinct().toList())
                .chain(() -> Multi.createFrom().iterable(pairs)
                        .onItem().transformToUniAndConcatenate(pair -> follow(tenant, request, pair, counts))
                        .collect().last())
                .chain(() -> Multi.createFrom().iterable(pairs.stream().map(pair -> new Pair(null, pair.newIdentifier(), pair.kind()))
                                .distinct().toList())
                        .onItem().transformToUniAndConcatenate(pair -> currentState(tenant, pair))
                        .collect().asList())
                .map(current -> {
                    counts.put("consents-current", current.stream().mapToLong(Integer::longValue).sum());
                    return counts;
                });
    }

    private Uni<Void> follow(TenantId tenant, PrivacyRequestSubmitted request, Pair pair, Map<String, Long> counts) {
        return links.link(tenant, pair.oldIdentifier(), pair.newIdentifier(), pair.kind(), request.requestId())
                .invoke(linked -> counts.merge("rectified", linked ? 1L : 0L, Long::sum))
                .chain(() -> copyHistory(tenant, request, pair)).invoke(moved -> counts.merge("consents-moved", (long) moved, Long::sum))
                .chain(() -> copyRestriction(tenant, pair)).invoke(restricted -> counts.merge("restrictions-followed", (long) restricted, Long::sum))
                .chain(() -> suppressions.activeEntries(List.of(pair.oldIdentifier())))
                .chain(entries -> entries.isEmpty() ? Uni.createFrom().item(0)
                        : suppressions.suppress(tenant, refOf(pair), entries.get(0).reason(), ConsentSource.PRIVACY_REQUEST))
                .invoke(added -> counts.merge("suppressions-followed", (long) added, Long::sum))
                .replaceWithVoid();
    }

    /** The old identifier's changes under the new one, each once: same proof, source and dates. @return how many */
    private Uni<Integer> copyHistory(TenantId tenant, PrivacyRequestSubmitted request, Pair pair) {
        String column = column(pair);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into consent_change (tenant_id, id, email_index, phone_index, contact_id, channel, purpose, state,
                            source, recorded_at, collected_at, text_version, source_ip, user_agent, external_reference,
                            recorded_by_kind, recorded_by, rectified_from, rectification_request)
                        select c.tenant_id, gen_random_uuid(), %s, %s, c.contact_id, c.channel, c.purpose, c.state,
                            c.source, c.recorded_at, c.collected_at, c.text_version, c.source_ip, c.user_agent, c.external_reference,
                            c.recorded_by_kind, c.recorded_by, c.id, :request
                        from consent_change c where c.tenant_id = :tenant and c.%s = :old
                        order by c.seq
                        on conflict do nothing""".formatted(
                                "EMAIL".equals(pair.kind()) ? ":new" : "cast(null as varchar)",
                                "PHONE".equals(pair.kind()) ? ":new" : "cast(null as varchar)", column))
                .setParameter("tenant", tenant.value())
                .setParameter("new", pair.newIdentifier())
                .setParameter("old", pair.oldIdentifier())
                .setParameter("request", request.requestId())
                .executeUpdate());
    }

    private Uni<Integer> copyRestriction(TenantId tenant, Pair pair) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into processing_restriction (tenant_id, identifier, request_id)
                        select tenant_id, :new, request_id from processing_restriction where tenant_id = :tenant and identifier = :old
                        on conflict do nothing""")
                .setParameter("tenant", tenant.value())
                .setParameter("new", pair.newIdentifier())
                .setParameter("old", pair.oldIdentifier())
                .executeUpdate());
    }

    /**
     * The new identifier's current state per channel and purpose: its most recent change, its own or carried over
     * (recorded_at, then seq). Publishes {@link ConsentChanged} for each state that changed. @return how many
     */
    private Uni<Integer> currentState(TenantId tenant, Pair pair) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        with winner as (
                            select distinct on (c.channel, c.purpose) c.channel, c.purpose, c.state, c.source, c.seq, c.recorded_at
                            from consent_change c where c.tenant_id = :tenant and c.%s = :new
                            order by c.channel, c.purpose, c.recorded_at desc, c.seq desc),
                        changed as (
                            insert into consent_state (tenant_id, identifier, channel, purpose, state, seq, changed_at)
                            select :tenant, :new, w.channel, w.purpose, w.state, w.seq, w.recorded_at from winner w
                            on conflict (tenant_id, identifier, channel, purpose) do update
                                set state = excluded.state, seq = excluded.seq, changed_at = excluded.changed_at
                                where consent_state.seq <> excluded.seq
                            returning channel, purpose)
                        select w.channel, w.purpose, w.state, w.source, w.recorded_at
                        from winner w join changed using (channel, purpose) order by w.channel, w.purpose""".formatted(column(pair)))
                        .setParameter("tenant", tenant.value())
                        .setParameter("new", pair.newIdentifier())
                        .getResultList())
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : suppressions.activeEntries(List.of(pair.newIdentifier()))
                        .chain(entries -> publish(tenant, pair, rows, !entries.isEmpty())));
    }

    private Uni<Integer> publish(TenantId tenant, Pair pair, List<?> rows, boolean suppressed) {
        SubjectRef subject = refOf(pair);
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> {
                    Object[] c = (Object[]) row;
                    ConsentChanged event = new ConsentChanged(subject, ContactChannel.valueOf((String) c[0]), (String) c[1],
                            ConsentState.valueOf((String) c[2]), ConsentSource.valueOf((String) c[3]), suppressed, SqlTime.instant(c[4]));
                    return outbox.append(tenant, Topics.PRIVACY_CONSENTS, Topics.consentKey(tenant.value(), event),
                            EventType.CONSENT_CHANGED.ceType(), event);
                })
                .collect().asList().map(List::size);
    }

    private static SubjectRef refOf(Pair pair) {
        return "EMAIL".equals(pair.kind()) ? new SubjectRef(List.of(), List.of(pair.newIdentifier()), List.of())
                : new SubjectRef(List.of(), List.of(), List.of(pair.newIdentifier()));
    }

    /** The ledger's column of this kind of identifier: one of two constants, never input. */
    private static String column(Pair pair) {
        return "EMAIL".equals(pair.kind()) ? "email_index" : "phone_index";
    }
}

package dev.oubli.knowledge.note;

import dev.oubli.events.SubjectRef;
import dev.oubli.knowledge.guard.GuardPolicyService;
import dev.oubli.knowledge.guard.GuardedTexts;
import dev.oubli.knowledge.paging.Cursor;
import dev.oubli.knowledge.paging.ListingQuery;
import dev.oubli.knowledge.paging.Page;
import dev.oubli.knowledge.paging.PageRequest;
import dev.oubli.knowledge.search.SearchService;
import dev.oubli.knowledge.subject.IdentifierKind;
import dev.oubli.knowledge.subject.ItemType;
import dev.oubli.knowledge.subject.Passage;
import dev.oubli.knowledge.subject.SubjectEntry;
import dev.oubli.knowledge.subject.SubjectIndexService;
import dev.oubli.knowledge.subject.SubjectRestrictions;
import dev.oubli.knowledge.subject.SubjectRole;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

@ApplicationScoped
public class NoteService {

    static final int TITLE_LENGTH = 500;
    static final int BODY_LENGTH = 1_000_000;

    private final NoteRepository notes;
    private final TenantTransactions transactions;
    private final GuardPolicyService guard;
    private final SubjectIndexService subjects;
    private final SubjectRestrictions restrictions;
    private final Clock clock;

    NoteService(NoteRepository notes, TenantTransactions transactions, GuardPolicyService guard, SubjectIndexService subjects,
                SubjectRestrictions restrictions, Clock clock) {
        this.notes = notes;
        this.transactions = transactions;
        this.guard = guard;
        this.subjects = subjects;
        this.restrictions = restrictions;
        this.clock = clock;
    }

    public Uni<Page<NoteSummary>> notes(TenantId tenant, UUID contact, PageRequest page) {
        ListingQuery query = new ListingQuery(tenant.value(), "createdAt").page(page);
        if (contact != null) {
            query.where("contactId = :contact", "contact", contact);
        }
        return transactions.inTransaction(tenant, () -> notes.list(query, page.limit() + 1))
                .map(found -> Page.of(found, page.limit(), NoteSummary::of, note -> new Cursor(note.createdAt, note.id)));
    }

    /** One note; one whose subject is restricted (ADR 0039) only for a privacy officer. */
    public Uni<NoteResponse> note(TenantId tenant, UUID id, boolean privacyOfficer) {
        return transactions.inTransaction(tenant, () -> existing(tenant, id)
                        .call(note -> restrictions.refuseReadIfRestricted(tenant, id, privacyOfficer)))
                .map(note -> NoteResponse.of(note, null));
    }

    public Uni<NoteResponse> createNote(TenantId tenant, NoteRequest request) {
        validate(request);
        Note note = new Note();
        note.id = UUID.randomUUID();
        note.tenantId = tenant.value();
        note.createdAt = now();
        return SearchService.refusingUnindexableText(
                transactions.inTransaction(tenant, () -> write(tenant, note, request, notes::persist)));
    }

    public Uni<NoteResponse> updateNote(TenantId tenant, UUID id, NoteRequest request) {
        validate(request);
        return SearchService.refusingUnindexableText(transactions.inTransaction(tenant, () -> existing(tenant, id)
                .call(note -> restrictions.refuseChangeIfRestricted(tenant, id))
                .chain(note -> write(tenant, note, request, unchanged -> Uni.createFrom().item(unchanged)))));
    }

    public Uni<Void> deleteNote(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> existing(tenant, id)
                .chain(note -> notes.delete(note))
                .chain(() -> subjects.remove(tenant, ItemType.NOTE, id)));
    }

    /**
     * A subject's erasure, in the caller's transaction: notes about the subject's contact are deleted; the subject's
     * email addresses and phone numbers are masked in every other note that mentions them, or those notes are deleted
     * when {@code deleteMentioning}.
     *
     * @return how many notes were deleted and how many masked
     */
    public Uni<ErasedNotes> eraseSubject(TenantId tenant, SubjectRef subject, boolean deleteMentioning) {
        return subjects.itemsConcerning(tenant, ItemType.NOTE, subject, Set.of(SubjectRole.ABOUT))
                .chain(about -> deleteAll(tenant, about).chain(deleted -> subjects
                        .itemsConcerning(tenant, ItemType.NOTE, subject, Set.of(SubjectRole.MENTION))
                        .chain(mentioning -> deleteMentioning
                                ? deleteAll(tenant, mentioning).map(more -> new ErasedNotes(deleted + more, 0))
                                : maskAll(tenant, mentioning, subject).map(masked -> new ErasedNotes(deleted, masked)))));
    }

    /** Notes deleted and notes whose mentions of the subject were masked. */
    public record ErasedNotes(long deleted, long masked) {
    }

    /** The notes about the subject's contact, whole, for an export. */
    public Uni<List<NoteResponse>> notesAbout(TenantId tenant, SubjectRef subject) {
        return subjects.itemsConcerning(tenant, ItemType.NOTE, subject, Set.of(SubjectRole.ABOUT))
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Note>of())
                        : notes.list("tenantId = ?1 and id in ?2 order by createdAt, id", tenant.value(), ids))
                .map(found -> found.stream().map(note -> NoteResponse.of(note, null)).toList());
    }

    /** The passages of the other notes that mention the subject's email addresses or phone numbers, for an export. */
    public Uni<List<Passage>> passagesMentioning(TenantId tenant, SubjectRef subject) {
        return subjects.itemsConcerning(tenant, ItemType.NOTE, subject, Set.of(SubjectRole.MENTION))
                .chain(mentioning -> subjects.itemsConcerning(tenant, ItemType.NOTE, subject, Set.of(SubjectRole.ABOUT))
                        .map(about -> mentioning.stream().filter(id -> !about.contains(id)).toList()))
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Note>of())
                        : notes.list("tenantId = ?1 and id in ?2 order by createdAt, id", tenant.value(), ids))
                .map(found -> found.stream().flatMap(note -> Stream.concat(
                                subjects.passagesMentioning(tenant, note.title, subject).stream(),
                                subjects.passagesMentioning(tenant, note.body, subject).stream())
                        .map(text -> new Passage("NOTE", note.id, text))).toList());
    }

    /** Two statements whatever the number of notes (an erasure of 500 contacts at once: docs/adr/0062). */
    private Uni<Long> deleteAll(TenantId tenant, List<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(0L) : notes.delete("tenantId = ?1 and id in ?2", tenant.value(), ids)
                .call(() -> subjects.removeAll(tenant, ItemType.NOTE, ids));
    }

    private Uni<Long> maskAll(TenantId tenant, List<UUID> ids, SubjectRef subject) {
        Uni<Long> chain = Uni.createFrom().item(0L);
        for (UUID id : ids) {
            chain = chain.chain(count -> notes.findOne(tenant, id).chain(note -> {
                note.title = subjects.maskMentions(tenant, note.title, subject);
                note.body = subjects.maskMentions(tenant, note.body, subject);
                note.updatedAt = now();
                return subjects.index(tenant, ItemType.NOTE, id, entries(tenant, note)).replaceWith(count + 1);
            }));
        }
        return chain;
    }

    private Uni<NoteResponse> write(TenantId tenant, Note note, NoteRequest request, Function<Note, Uni<?>> save) {
        LinkedHashMap<String, String> texts = new LinkedHashMap<>();
        texts.put("title", request.title());
        texts.put("body", request.body());
        return guard.inspect(tenant, texts).chain(guarded -> {
            apply(note, request, guarded);
            return save.apply(note)
                    .chain(() -> subjects.index(tenant, ItemType.NOTE, note.id, entries(tenant, note)))
                    .replaceWith(() -> NoteResponse.of(note, guarded.reports()));
        });
    }

    private void apply(Note note, NoteRequest request, GuardedTexts guarded) {
        note.title = guarded.text("title");
        note.body = guarded.text("body");
        note.contactId = request.contactId();
        note.updatedAt = now();
    }

    private Set<SubjectEntry> entries(TenantId tenant, Note note) {
        Set<SubjectEntry> entries = new LinkedHashSet<>(subjects.mentionsIn(tenant, List.of(note.title, note.body)));
        if (note.contactId != null) {
            entries.add(new SubjectEntry(IdentifierKind.CONTACT, note.contactId.toString(), SubjectRole.ABOUT));
        }
        return entries;
    }

    private Uni<Note> existing(TenantId tenant, UUID id) {
        return notes.findOne(tenant, id).onItem().ifNull().failWith(() -> ProblemException.notFound("There is no note with this id."));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static void validate(NoteRequest request) {
        if (request == null) {
            throw ProblemException.invalidRequest("A JSON body is required.");
        }
        if (request.title() == null || request.title().isBlank() || request.title().length() > TITLE_LENGTH) {
            throw ProblemException.invalidRequest("title is required, at most " + TITLE_LENGTH + " characters.");
        }
        if (request.body() == null || request.body().length() > BODY_LENGTH) {
            throw ProblemException.invalidRequest("body is required, at most " + BODY_LENGTH + " characters.");
        }
    }
}

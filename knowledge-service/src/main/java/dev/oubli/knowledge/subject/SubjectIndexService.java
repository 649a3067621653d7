package dev.oubli.knowledge.subject;

import dev.oubli.events.SubjectRef;
import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The subject index: for each item of the AI Brain, the blind indexes (and contact ids) of the people it concerns.
 * Every write of an item rewrites its rows, every delete removes them, in the caller's transaction (scoped to the
 * tenant). Privacy requests resolve a subject to items through it without reading any content.
 */
@ApplicationScoped
public class SubjectIndexService {

    private static final String MASK = "[erased]";
    static final int PASSAGE_CONTEXT = 200;

    private final MentionScanner scanner;

    SubjectIndexService(SubjectIndex subjectIndex, KnowledgeConfig config) {
        this.scanner = new MentionScanner(subjectIndex, config.defaultPhoneRegion());
    }

    /** The email addresses and phone numbers in {@code texts}, as MENTION entries. */
    public Set<SubjectEntry> mentionsIn(TenantId tenant, Collection<String> texts) {
        Set<SubjectEntry> entries = new LinkedHashSet<>();
        for (String text : texts) {
            for (Mention mention : scanner.mentionsIn(tenant.value(), text)) {
                entries.add(new SubjectEntry(mention.kind(), mention.blindIndex(), SubjectRole.MENTION));
            }
        }
        return entries;
    }

    /** Replaces the item's rows with {@code entries}. */
    public Uni<Void> index(TenantId tenant, ItemType type, UUID item, Collection<SubjectEntry> entries) {
        return remove(tenant, type, item).chain(() -> add(tenant, type, item, entries));
    }

    /** Adds {@code entries} to the item's rows (those it already has are kept once). */
    public Uni<Void> add(TenantId tenant, ItemType type, UUID item, Collection<SubjectEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder(
                "insert into subject_index (tenant_id, item_type, item_id, identifier_kind, identifier, role) values ");
        List<SubjectEntry> rows = new ArrayList<>(new LinkedHashSet<>(entries));
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:tenant, :type, :item, :kind").append(i)
                    .append(", :identifier").append(i).append(", :role").append(i).append(')');
        }
        sql.append(" on conflict do nothing");
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString())
                    .setParameter("tenant", tenant.value())
                    .setParameter("type", type.name())
                    .setParameter("item", item);
            for (int i = 0; i < rows.size(); i++) {
                query.setParameter("kind" + i, rows.get(i).kind().name())
                        .setParameter("identifier" + i, rows.get(i).identifier())
                        .setParameter("role" + i, rows.get(i).role().name());
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    public Uni<Void> remove(TenantId tenant, ItemType type, UUID item) {
        return removeAll(tenant, type, List.of(item));
    }

    /** Forgets what these items say about anyone, in one statement (an erasure's batch: docs/adr/0062). */
    public Uni<Void> removeAll(TenantId tenant, ItemType type, List<UUID> items) {
        return items.isEmpty() ? Uni.createFrom().voidItem() : Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "delete from subject_index where tenant_id = :tenant and item_type = :type and item_id in (:items)")
                        .setParameter("tenant", tenant.value())
                        .setParameter("type", type.name())
                        .setParameter("items", items)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** The items of {@code type} that concern the subject in one of {@code roles}. */
    @SuppressWarnings("unchecked")
    public Uni<List<UUID>> itemsConcerning(TenantId tenant, ItemType type, SubjectRef subject, Set<SubjectRole> roles) {
        List<String> identifiers = new ArrayList<>();
        subject.contactIds().forEach(id -> identifiers.add(id.toString()));
        identifiers.addAll(subject.emailIndexes());
        identifiers.addAll(subject.phoneIndexes());
        if (identifiers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // identifier_kind need not be matched: contact ids (36 characters) and blind indexes (43) never collide.
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                select distinct item_id from subject_index
                                where tenant_id = :tenant and item_type = :type and identifier in (:identifiers) and role in (:roles)""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("type", type.name())
                        .setParameter("identifiers", identifiers)
                        .setParameter("roles", roles.stream().map(Enum::name).toList())
                        .getResultList())
                .map(rows -> rows.stream().map(UUID.class::cast).toList());
    }

    /** Whether {@code text} mentions the subject's email addresses or phone numbers. */
    public boolean mentions(TenantId tenant, String text, SubjectRef subject) {
        return scanner.mentionsIn(tenant.value(), text).stream().anyMatch(mention -> names(subject, mention));
    }

    /** {@code text} with every mention of the subject's email addresses and phone numbers replaced by {@value #MASK}. */
    public String maskMentions(TenantId tenant, String text, SubjectRef subject) {
        if (text == null) {
            return null;
        }
        List<Mention> mentions = scanner.mentionsIn(tenant.value(), text);
        StringBuilder masked = new StringBuilder(text);
        for (int i = mentions.size() - 1; i >= 0; i--) {
            Mention mention = mentions.get(i);
            if (names(subject, mention)) {
                masked.replace(mention.start(), mention.end(), MASK);
            }
        }
        return masked.toString();
    }

    /**
     * The passages of {@code text} that mention the subject's email addresses or phone numbers: each mention with up to
     * {@value #PASSAGE_CONTEXT} characters either side, within its line; overlapping passages are joined.
     */
    public List<String> passagesMentioning(TenantId tenant, String text, SubjectRef subject) {
        List<String> passages = new ArrayList<>();
        if (text == null) {
            return passages;
        }
        int lastEnd = -1;
        int lastStart = -1;
        for (Mention mention : scanner.mentionsIn(tenant.value(), text)) {
            if (!names(subject, mention)) {
                continue;
            }
            int lineStart = text.lastIndexOf('\n', mention.start()) + 1;
            int lineEnd = text.indexOf('\n', mention.end());
            int start = Math.max(lineStart, mention.start() - PASSAGE_CONTEXT);
            int end = Math.min(lineEnd < 0 ? text.length() : lineEnd, mention.end() + PASSAGE_CONTEXT);
            if (start <= lastEnd && !passages.isEmpty()) {
                passages.set(passages.size() - 1, text.substring(lastStart, end));
            } else {
                passages.add(text.substring(start, end));
                lastStart = start;
            }
            lastEnd = end;
        }
        return passages;
    }

    private static boolean names(SubjectRef subject, Mention mention) {
        return switch (mention.kind()) {
            case EMAIL -> subject.emailIndexes().contains(mention.blindIndex());
            case PHONE -> subject.phoneIndexes().contains(mention.blindIndex());
            case CONTACT -> false;
        };
    }
}

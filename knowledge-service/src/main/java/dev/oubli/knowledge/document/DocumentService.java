package dev.oubli.knowledge.document;

import dev.oubli.events.SubjectRef;
import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.knowledge.guard.GuardPolicyService;
import dev.oubli.knowledge.paging.Cursor;
import dev.oubli.knowledge.paging.ListingQuery;
import dev.oubli.knowledge.paging.Page;
import dev.oubli.knowledge.paging.PageRequest;
import dev.oubli.knowledge.search.SearchService;
import dev.oubli.knowledge.subject.ItemType;
import dev.oubli.knowledge.subject.Passage;
import dev.oubli.knowledge.subject.SubjectIndexService;
import dev.oubli.knowledge.subject.SubjectRole;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

@ApplicationScoped
public class DocumentService {

    static final int TITLE_LENGTH = 500;
    static final int CONTENT_LENGTH = 8_000_000;

    private final DocumentRepository documents;
    private final TenantTransactions transactions;
    private final GuardPolicyService guard;
    private final SubjectIndexService subjects;
    private final KnowledgeConfig.Documents limits;
    private final WorkerExecutor extraction;
    private final Clock clock;

    DocumentService(DocumentRepository documents, TenantTransactions transactions, GuardPolicyService guard,
                    SubjectIndexService subjects, KnowledgeConfig config, Vertx vertx, Clock clock) {
        this.documents = documents;
        this.transactions = transactions;
        this.guard = guard;
        this.subjects = subjects;
        this.limits = config.documents();
        // A pool of its own, small: a costly upload waits for a reader instead of taking the workers other requests use.
        this.extraction = vertx.createSharedWorkerExecutor("document-extraction", limits.concurrentParses());
        this.clock = clock;
    }

    public Uni<Page<DocumentSummary>> documents(TenantId tenant, PageRequest page) {
        ListingQuery query = new ListingQuery(tenant.value(), "createdAt").page(page);
        return transactions.inTransaction(tenant, () -> documents.list(query, page.limit() + 1))
                .map(found -> Page.of(found, page.limit(), DocumentSummary::of, document -> new Cursor(document.createdAt, document.id)));
    }

    public Uni<DocumentResponse> document(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> existing(tenant, id)).map(document -> DocumentResponse.of(document, null));
    }

    public Uni<DocumentResponse> createDocument(TenantId tenant, DocumentRequest request) {
        validate(request);
        return text(request).chain(text -> {
            Document document = new Document();
            document.id = UUID.randomUUID();
            document.tenantId = tenant.value();
            document.createdAt = now();
            return SearchService.refusingUnindexableText(
                    transactions.inTransaction(tenant, () -> write(tenant, document, request, text, documents::persist)));
        });
    }

    public Uni<DocumentResponse> updateDocument(TenantId tenant, UUID id, DocumentRequest request) {
        validate(request);
        return text(request).chain(text -> SearchService.refusingUnindexableText(
                transactions.inTransaction(tenant, () -> existing(tenant, id)
                        .chain(document -> write(tenant, document, request, text, unchanged -> Uni.createFrom().item(unchanged))))));
    }

    public Uni<Void> deleteDocument(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> existing(tenant, id)
                .chain(document -> documents.delete(document))
                .chain(() -> subjects.remove(tenant, ItemType.DOCUMENT, id)));
    }

    /**
     * A subject's erasure, in the caller's transaction: the subject's email addresses and phone numbers are masked in
     * every document that mentions them, or those documents are deleted when {@code deleteMentioning}.
     *
     * @return how many documents were changed (masked or deleted)
     */
    public Uni<Long> eraseSubject(TenantId tenant, SubjectRef subject, boolean deleteMentioning) {
        return subjects.itemsConcerning(tenant, ItemType.DOCUMENT, subject, Set.of(SubjectRole.MENTION)).chain(ids -> {
            Uni<Long> chain = Uni.createFrom().item(0L);
            for (UUID id : ids) {
                chain = chain.chain(count -> documents.findOne(tenant, id).chain(document -> {
                    if (deleteMentioning) {
                        return documents.delete(document).chain(() -> subjects.remove(tenant, ItemType.DOCUMENT, id));
                    }
                    document.title = subjects.maskMentions(tenant, document.title, subject);
                    document.body = subjects.maskMentions(tenant, document.body, subject);
                    document.updatedAt = now();
                    return subjects.index(tenant, ItemType.DOCUMENT, id, subjects.mentionsIn(tenant, List.of(document.title, document.body)));
                }).replaceWith(count + 1));
            }
            return chain;
        });
    }

    /** The passages of documents that mention the subject's email addresses or phone numbers, for an export. */
    public Uni<List<Passage>> passagesMentioning(TenantId tenant, SubjectRef subject) {
        return subjects.itemsConcerning(tenant, ItemType.DOCUMENT, subject, Set.of(SubjectRole.MENTION))
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Document>of())
                        : documents.list("tenantId = ?1 and id in ?2 order by createdAt, id", tenant.value(), ids))
                .map(found -> found.stream().flatMap(document -> Stream.concat(
                                subjects.passagesMentioning(tenant, document.title, subject).stream(),
                                subjects.passagesMentioning(tenant, document.body, subject).stream())
                        .map(text -> new Passage("DOCUMENT", document.id, text))).toList());
    }

    /**
     * Extraction parses HTML and PDF: on a thread of the extraction pool, unordered (uploads of one connection do not
     * wait for each other), answered back on the request's context.
     */
    private Uni<String> text(DocumentRequest request) {
        Uni<String> text = Uni.createFrom().item(() -> DocumentText.extract(request.format(), request.content(), limits));
        if (request.format() == DocumentFormat.TEXT || request.format() == DocumentFormat.MARKDOWN) {
            return text;
        }
        return extraction.executeBlocking(text, false);
    }

    private Uni<DocumentResponse> write(TenantId tenant, Document document, DocumentRequest request, String text,
                                        Function<Document, Uni<?>> save) {
        LinkedHashMap<String, String> texts = new LinkedHashMap<>();
        texts.put("title", request.title());
        texts.put("text", text);
        return guard.inspect(tenant, texts).chain(guarded -> {
            document.title = guarded.text("title");
            document.body = guarded.text("text");
            document.format = request.format();
            document.updatedAt = now();
            return save.apply(document)
                    .chain(() -> subjects.index(tenant, ItemType.DOCUMENT, document.id,
                            subjects.mentionsIn(tenant, List.of(document.title, document.body))))
                    .replaceWith(() -> DocumentResponse.of(document, guarded.reports()));
        });
    }

    private Uni<Document> existing(TenantId tenant, UUID id) {
        return documents.findOne(tenant, id).onItem().ifNull().failWith(() -> ProblemException.notFound("There is no document with this id."));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static void validate(DocumentRequest request) {
        if (request == null) {
            throw ProblemException.invalidRequest("A JSON body is required.");
        }
        if (request.title() == null || request.title().isBlank() || request.title().length() > TITLE_LENGTH) {
            throw ProblemException.invalidRequest("title is required, at most " + TITLE_LENGTH + " characters.");
        }
        if (request.format() == null) {
            throw ProblemException.invalidRequest("format is required: TEXT, MARKDOWN, HTML or PDF.");
        }
        if (request.content() == null || request.content().length() > CONTENT_LENGTH) {
            throw ProblemException.invalidRequest("content is required, at most " + CONTENT_LENGTH + " characters.");
        }
    }
}

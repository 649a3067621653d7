package dev.oubli.knowledge.document;

import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DocumentService {

    static final int PAGE_SIZE = 50;

    private final DocumentRepository documents;
    private final TenantTransactions transactions;

    DocumentService(DocumentRepository documents, TenantTransactions transactions) {
        this.documents = documents;
        this.transactions = transactions;
    }

    public Uni<DocumentPage> newestDocuments(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> documents.newest(tenant, PAGE_SIZE))
                .map(found -> new DocumentPage(found.stream().map(DocumentSummary::of).toList()));
    }
}

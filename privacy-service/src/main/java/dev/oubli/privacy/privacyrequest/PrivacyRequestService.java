package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PrivacyRequestService {

    static final int PAGE_SIZE = 50;

    private final PrivacyRequestRepository requests;
    private final TenantTransactions transactions;

    PrivacyRequestService(PrivacyRequestRepository requests, TenantTransactions transactions) {
        this.requests = requests;
        this.transactions = transactions;
    }

    public Uni<PrivacyRequestPage> newestRequests(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> requests.newest(tenant, PAGE_SIZE))
                .map(found -> new PrivacyRequestPage(found.stream().map(PrivacyRequestSummary::of).toList()));
    }
}

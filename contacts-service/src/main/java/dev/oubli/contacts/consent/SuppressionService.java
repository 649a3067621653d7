package dev.oubli.contacts.consent;

import dev.oubli.events.SubjectRef;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The suppression mirror (docs/adr/0007): blind indexes of people the privacy service suppressed, kept from
 * {@code ConsentChanged} events even when no contact exists, so an import never re-grants them marketing
 * consent. Calls run in the caller's tenant transaction.
 */
@ApplicationScoped
public class SuppressionService {

    private final SuppressionRepository suppressions;

    SuppressionService(SuppressionRepository suppressions) {
        this.suppressions = suppressions;
    }

    /** Records the subject's email and phone blind indexes as suppressed or not, as of {@code changedAt}. */
    public Uni<Void> record(TenantId tenant, SubjectRef subject, boolean suppressed, OffsetDateTime changedAt) {
        List<String> indexes = new ArrayList<>(subject.emailIndexes());
        indexes.addAll(subject.phoneIndexes());
        Uni<Integer> all = Uni.createFrom().item(0);
        for (String index : indexes) {
            all = all.chain(ignored -> suppressions.record(tenant, index, suppressed, changedAt));
        }
        return all.replaceWithVoid();
    }

    /** Those of {@code blindIndexes} that are suppressed now. */
    public Uni<Set<String>> suppressedAmong(TenantId tenant, Collection<String> blindIndexes) {
        return suppressions.suppressedAmong(tenant, blindIndexes);
    }
}

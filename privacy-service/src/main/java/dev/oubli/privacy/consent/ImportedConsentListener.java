package dev.oubli.privacy.consent;

import dev.oubli.events.ConsentsImported;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.EventType;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.Inbox;
import dev.oubli.privacy.subject.SubjectKeys;
import dev.oubli.subjectindex.BlindIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's consumer of {@code contacts.consent-imports.v1} (group {@code privacy-service-consent-imports}): each
 * row of a {@link ConsentsImported} becomes one grant per channel, with the import, the row, the importer's labels and
 * who imported as its proof (docs/adr/0036). At least once, applied once (inbox, and per row: a row applied before is
 * skipped); a suppressed subject is never opted in again. The tenant comes from {@code ce_tenantid} only.
 */
@ApplicationScoped
class ImportedConsentListener {

    static final String CONSUMER = "privacy-service.consent-imports";
    private static final Logger LOG = Logger.getLogger(ImportedConsentListener.class);

    private final ConsentService consents;
    private final EventHandling handling;
    private final TenantTransactions transactions;
    private final Inbox inbox;

    ImportedConsentListener(ConsentService consents, EventHandling handling, TenantTransactions transactions, Inbox inbox) {
        this.consents = consents;
        this.handling = handling;
        this.transactions = transactions;
        this.inbox = inbox;
    }

    @Incoming("consent-imports")
    Uni<Void> onConsentsImported(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, event -> {
            if (event.contract().filter(EventType.CONSENTS_IMPORTED::equals).isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            ConsentsImported imported = event.read(ConsentsImported.class);
            TenantId tenant = event.tenant();
            return transactions.inTransaction(tenant, () -> inbox.firstDelivery(tenant, CONSUMER, event.id())
                    .chain(first -> first ? record(tenant, imported) : Uni.createFrom().voidItem()));
        });
    }

    /** In the caller's transaction: every row and channel, in order. */
    Uni<Void> record(TenantId tenant, ConsentsImported imported) {
        ConsentRecorder importer = new ConsentRecorder(ConsentRecorder.Kind.USER, imported.importedBy());
        List<Uni<Boolean>> grants = new ArrayList<>();
        for (ConsentsImported.ImportedConsent row : imported.rows()) {
            SubjectKeys subject = keysOf(row);
            ConsentProof proof = new ConsentProof(imported.collectedAt(), imported.textVersion(), null, null,
                    reference(imported, row));
            for (ContactChannel channel : imported.channels()) {
                grants.add(Uni.createFrom().deferred(() -> consents.appendImported(tenant, subject, channel, imported.purpose(),
                        proof, importer, imported.importId(), row.row())));
            }
        }
        return Multi.createFrom().iterable(grants)
                .onItem().transformToUniAndConcatenate(grant -> grant)
                .collect().asList()
                .invoke(recorded -> LOG.debugf("Import %s of tenant %s: %d of %d grants recorded", imported.importId(), tenant,
                        recorded.stream().filter(Boolean::booleanValue).count(), recorded.size()))
                .replaceWithVoid();
    }

    /** The ledger keys one email, one phone and one contact id per change: the row's first of each. */
    private static SubjectKeys keysOf(ConsentsImported.ImportedConsent row) {
        var subject = row.subject();
        return new SubjectKeys(subject.emailIndexes().isEmpty() ? null : new BlindIndex(subject.emailIndexes().get(0)),
                subject.phoneIndexes().isEmpty() ? null : new BlindIndex(subject.phoneIndexes().get(0)),
                subject.contactIds().isEmpty() ? null : subject.contactIds().get(0));
    }

    /** {@code import <id> row <n>: <where collected>}, within the ledger's 200 characters. */
    static String reference(ConsentsImported imported, ConsentsImported.ImportedConsent row) {
        String reference = "import " + imported.importId() + " row " + row.row() + ": " + imported.proofSource();
        return reference.length() <= 200 ? reference : reference.substring(0, 200);
    }
}

package dev.oubli.privacy.unsubscribe;

import dev.oubli.events.ConsentSource;
import dev.oubli.events.ConsentState;
import dev.oubli.events.ContactChannel;
import dev.oubli.privacy.ConsentConfig;
import dev.oubli.privacy.consent.ConsentProof;
import dev.oubli.privacy.consent.ConsentService;
import dev.oubli.privacy.subject.SubjectKeys;
import dev.oubli.privacy.subject.Subjects;
import dev.oubli.privacy.suppression.SuppressionReason;
import dev.oubli.privacy.suppression.SuppressionService;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.BlindIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * One-click unsubscribe: signs the links that go into messages, and applies them. Applying a link withdraws
 * the consent it names and suppresses the address, in one transaction; applying it again changes nothing.
 */
@ApplicationScoped
public class UnsubscribeService {

    private static final Logger LOG = Logger.getLogger(UnsubscribeService.class);

    private final UnsubscribeTokens tokens;
    private final String baseUrl;
    private final TenantTransactions transactions;
    private final ConsentService consents;
    private final SuppressionService suppressions;
    private final Subjects subjects;

    UnsubscribeService(ConsentConfig config, TenantTransactions transactions, ConsentService consents,
                       SuppressionService suppressions, Subjects subjects) {
        this.tokens = UnsubscribeTokens.fromBase64Secret(config.unsubscribe().secret());
        this.baseUrl = config.unsubscribe().baseUrl().replaceAll("/+$", "");
        this.transactions = transactions;
        this.consents = consents;
        this.suppressions = suppressions;
        this.subjects = subjects;
    }

    /**
     * The headers of an email to the owner of this email blind index, for this purpose; empty when the purpose
     * is not one a link can carry. Pure computation: no database.
     */
    public Optional<UnsubscribeHeaders> headersFor(TenantId tenant, BlindIndex email, String purpose) {
        return Purpose.of(purpose).map(known -> {
            String token = tokens.sign(new UnsubscribeToken(tenant.value(), email, Channel.EMAIL, known, Instant.now()));
            return new UnsubscribeHeaders("<" + baseUrl + "/u/" + token + ">", UnsubscribeHeaders.ONE_CLICK);
        });
    }

    /** @throws ProblemException (400) without an email, or for a purpose that links cannot carry */
    public UnsubscribeHeaders headers(TenantId tenant, UnsubscribeHeadersRequest request) {
        if (request == null) {
            throw ProblemException.invalidRequest("A body is required.");
        }
        SubjectKeys recipient = subjects.keysOf(tenant, request.recipient(), "recipient");
        if (recipient.email() == null) {
            throw ProblemException.invalidRequest("recipient.email is required: List-Unsubscribe is an email header.");
        }
        return headersFor(tenant, recipient.email(), request.purpose()).orElseThrow(() -> ProblemException.invalidRequest(
                "purpose must be one of MARKETING, NEWSLETTER, SERVICE, PROFILING."));
    }

    Optional<UnsubscribeToken> verify(String token) {
        return tokens.verify(token);
    }

    /** Withdraws and suppresses, once. @return whether anything changed (false for a repeated click) */
    Uni<Boolean> unsubscribe(UnsubscribeToken token) {
        TenantId tenant = new TenantId(token.tenant());
        ContactChannel channel = ContactChannel.valueOf(token.channel().name());
        boolean byPhone = token.channel() == Channel.SMS || token.channel() == Channel.PHONE;
        SubjectKeys subject = byPhone ? new SubjectKeys(null, token.subject(), null) : new SubjectKeys(token.subject(), null, null);
        String purpose = token.purpose().name();
        return transactions.inTransaction(tenant, () -> consents.historyOf(tenant, subject)
                .chain(history -> {
                    boolean withdrawn = history.stream()
                            .filter(change -> change.channel() == channel && change.purpose().equals(purpose))
                            .reduce((first, second) -> second)
                            .map(last -> last.state() == ConsentState.WITHDRAWN)
                            .orElse(false);
                    return withdrawn
                            ? Uni.createFrom().item(false)
                            : consents.append(tenant, subject, channel, purpose, ConsentState.WITHDRAWN, ConsentSource.UNSUBSCRIBE_LINK,
                                    ConsentProof.NONE).replaceWith(true);
                })
                .chain(withdrew -> suppressions.suppress(tenant, subject.toRef(), SuppressionReason.UNSUBSCRIBED, ConsentSource.UNSUBSCRIBE_LINK)
                        .map(added -> withdrew || added > 0)))
                .invoke(changed -> LOG.infof("Unsubscribe link of tenant %s (%s %s): %s", tenant, channel, purpose,
                        changed ? "withdrawn and suppressed" : "already done"));
    }
}

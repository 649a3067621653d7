package dev.oubli.privacy.unsubscribe;

import dev.oubli.events.ConsentSource;
import dev.oubli.events.ConsentState;
import dev.oubli.events.ContactChannel;
import dev.oubli.privacy.ConsentConfig;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.privacy.consent.ConsentProof;
import dev.oubli.privacy.consent.ConsentRecorder;
import dev.oubli.privacy.consent.ConsentService;
import dev.oubli.privacy.subject.SubjectKeys;
import dev.oubli.privacy.subject.Subjects;
import dev.oubli.privacy.suppression.SuppressionReason;
import dev.oubli.privacy.suppression.SuppressionService;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.BlindIndex;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One-click unsubscribe: signs the links that go into messages, and applies them. Applying a link withdraws
 * the consent it names, or everything with a suppression of the address if the person chose so (docs/adr/0047), in
 * one transaction; applying it again changes nothing.
 */
@ApplicationScoped
public class UnsubscribeService {

    private static final Logger LOG = Logger.getLogger(UnsubscribeService.class);
    /** The proof's text version: the page and the one-click header as they stand (docs/adr/0047). */
    static final String PROOF_TEXT = "unsubscribe-v2";

    /** What the person stops: the token's purpose on its channel, or every message to the address. */
    enum Scope { PURPOSE, EVERYTHING }

    private final UnsubscribeTokens tokens;
    private final String baseUrl;
    private final ConsentService consents;
    private final SuppressionService suppressions;
    private final Subjects subjects;
    private final AuditService audit;

    UnsubscribeService(ConsentConfig config, ConsentService consents,
                       SuppressionService suppressions, Subjects subjects, AuditService audit) {
        this.audit = audit;
        this.tokens = UnsubscribeTokens.fromBase64Secret(config.unsubscribe().secret());
        this.baseUrl = config.unsubscribe().baseUrl().replaceAll("/+$", "");
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

    /**
     * Applies a link (docs/adr/0047). {@link Scope#PURPOSE} (the RFC 8058 one-click POST, and the page's first button)
     * withdraws the token's purpose on the token's channel; {@link Scope#EVERYTHING} (the page's "stop everything")
     * also withdraws every other consent of the address and suppresses it: no message of any kind on any channel. Each
     * withdrawal is recorded with its proof (source UNSUBSCRIBE_LINK, when, what the person chose) and the click is
     * audited, in one transaction; applying a link again changes nothing.
     *
     * @return whether anything changed (false for a repeated click)
     */
    Uni<Boolean> unsubscribe(UnsubscribeToken token, Scope scope) {
        TenantId tenant = new TenantId(token.tenant());
        ContactChannel channel = ContactChannel.valueOf(token.channel().name());
        boolean byPhone = token.channel() == Channel.SMS || token.channel() == Channel.PHONE;
        SubjectKeys subject = byPhone ? new SubjectKeys(null, token.subject(), null) : new SubjectKeys(token.subject(), null, null);
        String purpose = token.purpose().name();
        ConsentProof proof = new ConsentProof(Instant.now(), PROOF_TEXT, null, null,
                "unsubscribe:" + scope.name().toLowerCase(java.util.Locale.ROOT) + ";sent:" + token.issuedAt());
        return audit.inTransaction(tenant, () -> consents.historyOf(tenant, subject)
                .chain(history -> {
                    boolean withdrawn = history.stream()
                            .filter(change -> change.channel() == channel && change.purpose().equals(purpose))
                            .reduce((first, second) -> second)
                            .map(last -> last.state() == ConsentState.WITHDRAWN)
                            .orElse(false);
                    return withdrawn
                            ? Uni.createFrom().item(false)
                            : consents.append(tenant, subject, channel, purpose, ConsentState.WITHDRAWN, ConsentSource.UNSUBSCRIBE_LINK,
                                    proof).replaceWith(true);
                })
                .chain(withdrew -> scope == Scope.PURPOSE ? Uni.createFrom().item(withdrew ? 1 : 0)
                        : consents.withdrawGranted(tenant, subject, ConsentSource.UNSUBSCRIBE_LINK, ConsentRecorder.SYSTEM, proof)
                        .chain(others -> suppressions.suppress(tenant, subject.toRef(), SuppressionReason.UNSUBSCRIBED,
                                        ConsentSource.UNSUBSCRIBE_LINK)
                                .map(added -> (withdrew ? 1 : 0) + others + added)))
                .call(changes -> audit.record(tenant, AuditAction.UNSUBSCRIBED, null, Map.of("scope", scope.name(),
                        "channel", channel.name(), "purpose", purpose, "changes", changes)))
                .map(changes -> changes > 0))
                .invoke(changed -> LOG.infof("Unsubscribe link of tenant %s (%s %s, %s): %s", tenant, channel, purpose, scope,
                        changed ? "applied" : "already done"));
    }
}

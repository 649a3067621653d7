package dev.oubli.privacy.selfservice;

import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.privacy.privacyrequest.PrivacyRequestService;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Self-service requests: received IDENTITY_PENDING, a one-time code mailed to the address given, verified with
 * an attempt limit and an expiry; rate-limited per address and per client IP address within each tenant.
 */
@ApplicationScoped
public class SelfServiceService {

    private static final Logger LOG = Logger.getLogger(SelfServiceService.class);

    private final PrivacyRequestService requests;
    private final TenantTransactions transactions;
    private final SubjectIndex subjectIndex;
    private final VerificationCodes codes;
    private final SubjectMail mail;
    private final AuditService audit;
    private final PrivacyConfig config;

    SelfServiceService(PrivacyRequestService requests, TenantTransactions transactions, SubjectIndex subjectIndex,
                       VerificationCodes codes, SubjectMail mail, AuditService audit, PrivacyConfig config) {
        this.requests = requests;
        this.transactions = transactions;
        this.subjectIndex = subjectIndex;
        this.codes = codes;
        this.mail = mail;
        this.audit = audit;
        this.config = config;
    }

    /**
     * @throws ProblemException 400 for an invalid body, 429 when the address or the client asked too often
     */
    public Uni<SelfServiceAccepted> submit(UUID tenantId, SelfServiceRequest body, String clientAddress) {
        if (body == null || body.email() == null || body.email().isBlank()) {
            throw ProblemException.invalidRequest("email is required: the one-time code is sent there.");
        }
        TenantId tenant = new TenantId(tenantId);
        String emailIndex;
        try {
            emailIndex = subjectIndex.email(tenantId, body.email()).value();
        } catch (InvalidIdentifierException invalid) {
            throw ProblemException.invalidRequest("email: " + invalid.getMessage() + ".");
        }
        String clientKey = codes.clientKey(tenantId, clientAddress);
        String code = codes.newCode();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime expires = now.plus(config.verification().codeTtl());
        return transactions.inTransaction(tenant, () -> recentRequests(tenant, emailIndex, clientKey, now).chain(recent -> {
                    if (recent[0] >= config.verification().maxPerAddress() || recent[1] >= config.verification().maxPerClient()) {
                        return Uni.createFrom().failure(new ProblemException(429, "too-many-requests", "Too many requests",
                                "Too many requests from this address or client; try again later."));
                    }
                    return requests.receiveSelfService(tenant, body.type(), body.email(), body.phone(), body.corrections())
                            .call(id -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                            insert into identity_verification (tenant_id, request_id, email_index, client_key, code_hash, expires_at, created_at)
                                            values (:tenant, :request, :email, :client, :code, :expires, :now)""")
                                    .setParameter("tenant", tenantId)
                                    .setParameter("request", id)
                                    .setParameter("email", emailIndex)
                                    .setParameter("client", clientKey)
                                    .setParameter("code", codes.hashOfCode(tenantId, id, code))
                                    .setParameter("expires", expires)
                                    .setParameter("now", now)
                                    .executeUpdate()))
                            .call(id -> audit.record(tenant, AuditAction.IDENTITY_CODE_SENT, id, Map.of("expiresAt", expires.toInstant().toString())));
                }))
                // After the commit: a mail is no transaction. If it fails, the request expires unverified.
                .call(id -> mail.sendCode(SubjectIndex.normaliseEmail(body.email()), id, code, config.verification().codeTtl())
                        .onFailure().transform(e -> {
                            LOG.warnf("One-time code of request %s not sent (%s)", id, e.getClass().getSimpleName());
                            return new ProblemException(503, "mail-unavailable", "Mail unavailable",
                                    "The code could not be sent; try again later.");
                        }))
                .map(id -> new SelfServiceAccepted(id, "IDENTITY_PENDING", expires.toInstant()));
    }

    /** [requests from this address, requests from this client] within the rate window. */
    private Uni<long[]> recentRequests(TenantId tenant, String emailIndex, String clientKey, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select count(*) filter (where email_index = :email), count(*) filter (where client_key = :client)
                        from identity_verification
                        where tenant_id = :tenant and created_at > :since and (email_index = :email or client_key = :client)""", Object[].class)
                .setParameter("tenant", tenant.value())
                .setParameter("email", emailIndex)
                .setParameter("client", clientKey)
                .setParameter("since", now.minus(config.verification().rateWindow()))
                .getSingleResult()
                .map(row -> new long[]{((Number) row[0]).longValue(), ((Number) row[1]).longValue()}));
    }

    private enum Outcome { NOT_FOUND, ALREADY_VERIFIED, EXHAUSTED, EXPIRED, WRONG, VERIFIED }

    private record Verification(Outcome outcome, int attemptsLeft, String status) {
    }

    /**
     * @throws ProblemException 404 unknown, 409 already verified, 410 code expired (request CANCELLED), 400 wrong
     *                          code with attempts left, 403 attempts exhausted (request REJECTED)
     */
    public Uni<IdentityVerified> verify(UUID tenantId, UUID requestId, VerifyIdentity body) {
        if (body == null || body.code() == null || body.code().isBlank()) {
            throw ProblemException.invalidRequest("code is required.");
        }
        TenantId tenant = new TenantId(tenantId);
        int maxAttempts = config.verification().maxAttempts();
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select code_hash, expires_at < now(), attempts, verified_at is not null from identity_verification
                                where tenant_id = :tenant and request_id = :request for update""", Object[].class)
                        .setParameter("tenant", tenantId)
                        .setParameter("request", requestId)
                        .getResultList()
                        .chain(rows -> {
                            if (rows.isEmpty()) {
                                return Uni.createFrom().item(new Verification(Outcome.NOT_FOUND, 0, null));
                            }
                            Object[] row = rows.get(0);
                            int attempts = ((Number) row[2]).intValue();
                            if ((Boolean) row[3]) {
                                return Uni.createFrom().item(new Verification(Outcome.ALREADY_VERIFIED, 0, null));
                            }
                            if (attempts >= maxAttempts) {
                                return Uni.createFrom().item(new Verification(Outcome.EXHAUSTED, 0, null));
                            }
                            if ((Boolean) row[1]) {
                                return requests.identityCodeExpired(tenant, requestId)
                                        .replaceWith(new Verification(Outcome.EXPIRED, 0, null));
                            }
                            if (codes.matches(tenantId, requestId, body.code(), (String) row[0])) {
                                return session.createNativeQuery("""
                                                update identity_verification set verified_at = now(), code_hash = null
                                                where tenant_id = :tenant and request_id = :request""")
                                        .setParameter("tenant", tenantId)
                                        .setParameter("request", requestId)
                                        .executeUpdate()
                                        .chain(() -> requests.identityVerified(tenant, requestId))
                                        .map(status -> new Verification(Outcome.VERIFIED, 0, status));
                            }
                            int used = attempts + 1;
                            return session.createNativeQuery("update identity_verification set attempts = :used where tenant_id = :tenant and request_id = :request")
                                    .setParameter("used", used)
                                    .setParameter("tenant", tenantId)
                                    .setParameter("request", requestId)
                                    .executeUpdate()
                                    .chain(() -> used >= maxAttempts
                                            ? requests.identityAttemptsExhausted(tenant, requestId)
                                            .replaceWith(new Verification(Outcome.EXHAUSTED, 0, null))
                                            : Uni.createFrom().item(new Verification(Outcome.WRONG, maxAttempts - used, null)));
                        })))
                // Decided and committed (attempts counted, request closed) before the caller hears of it.
                .map(verification -> switch (verification.outcome()) {
                    case NOT_FOUND -> throw ProblemException.notFound("There is no self-service request with this id.");
                    case ALREADY_VERIFIED -> throw new ProblemException(409, "already-verified", "Already verified",
                            "This request was already verified.");
                    case EXHAUSTED -> throw new ProblemException(403, "verification-attempts-exhausted", "Attempts exhausted",
                            "Too many wrong codes: the request was rejected. Submit a new request.");
                    case EXPIRED -> throw new ProblemException(410, "verification-code-expired", "Code expired",
                            "The code expired: the request was cancelled. Submit a new request.");
                    case WRONG -> throw new ProblemException(400, "verification-code-invalid", "Wrong code",
                            "The code is wrong; " + verification.attemptsLeft() + " attempt(s) left.");
                    case VERIFIED -> new IdentityVerified(requestId, verification.status());
                });
    }
}

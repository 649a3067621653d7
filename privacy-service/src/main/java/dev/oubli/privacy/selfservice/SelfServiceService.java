package dev.oubli.privacy.selfservice;

import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.events.RequestType;
import dev.oubli.privacy.certificate.ErasureCertificate;
import dev.oubli.privacy.certificate.ErasureCertificateService;
import dev.oubli.privacy.export.ExportService;
import dev.oubli.privacy.privacyrequest.PrivacyRequestResponse;
import dev.oubli.privacy.privacyrequest.PrivacyRequestService;
import dev.oubli.privacy.ratelimit.AddressHashes;
import dev.oubli.privacy.ratelimit.RateLimiter;
import dev.oubli.privacy.selfservice.VerificationCodes.Kind;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Self-service requests: received IDENTITY_PENDING, one one-time code per identifier given (mailed to the email,
 * texted to the phone), verified together with an attempt limit and an expiry: the request acts on no identifier
 * whose code was not given (docs/adr/0020). Rate-limited per client IP address and per recipient, across tenants.
 */
@ApplicationScoped
public class SelfServiceService {

    private static final Logger LOG = Logger.getLogger(SelfServiceService.class);

    private final PrivacyRequestService requests;
    private final TenantTransactions transactions;
    private final VerificationCodes codes;
    private final SubjectMail mail;
    private final AuditService audit;
    private final PrivacyConfig config;
    private final AddressHashes hashes;
    private final ExportService exports;
    private final ErasureCertificateService certificates;
    private final RateLimiter perClient;
    private final RateLimiter perRecipient;

    SelfServiceService(PrivacyRequestService requests, TenantTransactions transactions, VerificationCodes codes,
                       SubjectMail mail, AuditService audit, PrivacyConfig config, AddressHashes hashes, ExportService exports,
                       ErasureCertificateService certificates) {
        this.exports = exports;
        this.certificates = certificates;
        this.requests = requests;
        this.transactions = transactions;
        this.codes = codes;
        this.mail = mail;
        this.audit = audit;
        this.config = config;
        this.hashes = hashes;
        PrivacyConfig.Verification verification = config.verification();
        int maxKeys = config.publicAccess().maxKeys();
        this.perClient = new RateLimiter(verification.maxPerClient(), verification.rateWindow(), maxKeys);
        this.perRecipient = new RateLimiter(verification.maxPerAddress(), verification.rateWindow(), maxKeys);
    }

    /**
     * @throws ProblemException 400 for an invalid body, 429 when the client or a recipient was asked too often, 503
     *                          when a code could not be sent
     */
    public Uni<SelfServiceAccepted> submit(UUID tenantId, SelfServiceRequest body, String clientAddress) {
        if (body == null || (isBlank(body.email()) && isBlank(body.phone()))) {
            throw ProblemException.invalidRequest("email or phone is required: a one-time code is sent to each one given.");
        }
        if (body.type() == null) {
            throw ProblemException.invalidRequest("type is required: one of " + Arrays.toString(RequestType.values()) + ".");
        }
        if (body.type() == RequestType.RESTRICTION_LIFT) {
            throw ProblemException.invalidRequest("A restriction is lifted by the organisation, which informs you before (GDPR Art. 18(3)).");
        }
        String email = isBlank(body.email()) ? null : normalised(Kind.EMAIL, body.email());
        String phone = isBlank(body.phone()) ? null : normalised(Kind.PHONE, body.phone());
        perClient.acquire(hashes.client(clientAddress));
        if (email != null) {
            perRecipient.acquire(hashes.recipient(Kind.EMAIL.label, email));
        }
        if (phone != null) {
            perRecipient.acquire(hashes.recipient(Kind.PHONE.label, phone));
        }
        TenantId tenant = new TenantId(tenantId);
        String emailCode = email == null ? null : codes.newCode();
        String phoneCode = phone == null ? null : codes.newCode();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime expires = now.plus(config.verification().codeTtl());
        return transactions.inTransaction(tenant, () -> requests.receiveSelfService(tenant, body.type(), email, phone, body.corrections())
                        .call(id -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                        insert into identity_verification (tenant_id, request_id, email_code_hash, phone_code_hash,
                                            needs_email, needs_phone, expires_at, created_at)
                                        values (:tenant, :request, :emailCode, :phoneCode, :needsEmail, :needsPhone, :expires, :now)""")
                                .setParameter("tenant", tenantId)
                                .setParameter("request", id)
                                .setParameter("emailCode", email == null ? null : codes.hashOfCode(Kind.EMAIL, tenantId, id, emailCode))
                                .setParameter("phoneCode", phone == null ? null : codes.hashOfCode(Kind.PHONE, tenantId, id, phoneCode))
                                .setParameter("needsEmail", email != null)
                                .setParameter("needsPhone", phone != null)
                                .setParameter("expires", expires)
                                .setParameter("now", now)
                                .executeUpdate()))
                        .call(id -> audit.record(tenant, AuditAction.IDENTITY_CODE_SENT, id, Map.of(
                                "expiresAt", expires.toInstant().toString(), "to", proofs(email != null, phone != null)))))
                // After the commit: a message is no transaction. If one fails, the request expires unverified.
                .call(id -> email == null ? Uni.createFrom().voidItem()
                        : mail.sendCode(email, id, emailCode, config.verification().codeTtl()).onFailure().transform(e -> unsent(id, Kind.EMAIL, e)))
                .call(id -> phone == null ? Uni.createFrom().voidItem()
                        : mail.textCode(phone, phoneCode, config.verification().codeTtl()).onFailure().transform(e -> unsent(id, Kind.PHONE, e)))
                .map(id -> new SelfServiceAccepted(id, "IDENTITY_PENDING", expires.toInstant()));
    }

    private static List<String> proofs(boolean email, boolean phone) {
        return email && phone ? List.of("email", "phone") : List.of(email ? "email" : "phone");
    }

    private static ProblemException unsent(UUID id, Kind kind, Throwable e) {
        LOG.warnf("One-time %s code of request %s not sent (%s)", kind.label, id, e.getClass().getSimpleName());
        return kind == Kind.EMAIL
                ? new ProblemException(503, "mail-unavailable", "Mail unavailable", "The code could not be mailed; try again later.")
                : new ProblemException(503, "sms-unavailable", "Text messages unavailable", "The code could not be sent to the phone; try again later.");
    }

    private String normalised(Kind kind, String raw) {
        try {
            return kind == Kind.EMAIL ? SubjectIndex.normaliseEmail(raw) : SubjectIndex.normalisePhone(raw, config.defaultPhoneRegion());
        } catch (InvalidIdentifierException invalid) {
            throw ProblemException.invalidRequest(kind.label + ": " + invalid.getMessage() + ".");
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private enum Outcome { NOT_FOUND, ALREADY_VERIFIED, EXHAUSTED, EXPIRED, WRONG, UNPROVED, VERIFIED }

    /** @param kind the identifier whose code was wrong or missing */
    private record Verification(Outcome outcome, int attemptsLeft, String status, Kind kind, String statusToken) {

        Verification(Outcome outcome, int attemptsLeft, String status, Kind kind) {
            this(outcome, attemptsLeft, status, kind, null);
        }

        static Verification of(Outcome outcome) {
            return new Verification(outcome, 0, null, null);
        }
    }

    /**
     * @throws ProblemException 404 unknown, 409 already verified, 410 code expired (request CANCELLED), 400 wrong
     *                          code with attempts left, 400 an identifier's code missing, 403 attempts exhausted
     *                          (request REJECTED)
     */
    public Uni<IdentityVerified> verify(UUID tenantId, UUID requestId, VerifyIdentity body) {
        if (body == null || (isBlank(body.code()) && isBlank(body.emailCode()) && isBlank(body.phoneCode()))) {
            throw ProblemException.invalidRequest("code is required (emailCode and phoneCode for a request naming both).");
        }
        TenantId tenant = new TenantId(tenantId);
        int maxAttempts = config.verification().maxAttempts();
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select email_code_hash, phone_code_hash, needs_email, needs_phone, expires_at < now(), attempts,
                                       verified_at is not null
                                from identity_verification where tenant_id = :tenant and request_id = :request for update""", Object[].class)
                        .setParameter("tenant", tenantId)
                        .setParameter("request", requestId)
                        .getResultList()
                        .chain(rows -> {
                            if (rows.isEmpty()) {
                                return Uni.createFrom().item(Verification.of(Outcome.NOT_FOUND));
                            }
                            Object[] row = rows.get(0);
                            boolean needsEmail = (Boolean) row[2];
                            boolean needsPhone = (Boolean) row[3];
                            int attempts = ((Number) row[5]).intValue();
                            if ((Boolean) row[6]) {
                                return Uni.createFrom().item(Verification.of(Outcome.ALREADY_VERIFIED));
                            }
                            if (attempts >= maxAttempts) {
                                return Uni.createFrom().item(Verification.of(Outcome.EXHAUSTED));
                            }
                            if ((Boolean) row[4]) {
                                return requests.identityCodeExpired(tenant, requestId).replaceWith(Verification.of(Outcome.EXPIRED));
                            }
                            // "code" is the code of the one identifier a request names; the email's when it names both.
                            String emailCode = !needsEmail ? null : firstGiven(body.emailCode(), body.code());
                            String phoneCode = !needsPhone ? null : firstGiven(body.phoneCode(), needsEmail ? null : body.code());
                            Kind wrong = emailCode != null && !codes.matches(Kind.EMAIL, tenantId, requestId, emailCode, (String) row[0]) ? Kind.EMAIL
                                    : phoneCode != null && !codes.matches(Kind.PHONE, tenantId, requestId, phoneCode, (String) row[1]) ? Kind.PHONE
                                    : null;
                            if (wrong == null) {
                                Kind unproved = needsEmail && emailCode == null ? Kind.EMAIL : needsPhone && phoneCode == null ? Kind.PHONE : null;
                                if (unproved != null) {
                                    return Uni.createFrom().item(new Verification(Outcome.UNPROVED, 0, null, unproved));
                                }
                                String statusToken = codes.newStatusToken();
                                return session.createNativeQuery("""
                                                update identity_verification set verified_at = now(), email_code_hash = null, phone_code_hash = null,
                                                    status_token_hash = :statusToken
                                                where tenant_id = :tenant and request_id = :request""")
                                        .setParameter("statusToken", codes.hashOfStatusToken(tenantId, statusToken))
                                        .setParameter("tenant", tenantId)
                                        .setParameter("request", requestId)
                                        .executeUpdate()
                                        .chain(() -> requests.identityVerified(tenant, requestId))
                                        .map(status -> new Verification(Outcome.VERIFIED, 0, status, null, statusToken));
                            }
                            int used = attempts + 1;
                            return session.createNativeQuery("update identity_verification set attempts = :used where tenant_id = :tenant and request_id = :request")
                                    .setParameter("used", used)
                                    .setParameter("tenant", tenantId)
                                    .setParameter("request", requestId)
                                    .executeUpdate()
                                    .chain(() -> used >= maxAttempts
                                            ? requests.identityAttemptsExhausted(tenant, requestId).replaceWith(Verification.of(Outcome.EXHAUSTED))
                                            : Uni.createFrom().item(new Verification(Outcome.WRONG, maxAttempts - used, null, wrong)));
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
                            "The " + verification.kind().label + " code is wrong; " + verification.attemptsLeft() + " attempt(s) left.");
                    case UNPROVED -> throw new ProblemException(400, "identifier-not-verified", "Identifier not verified",
                            "The " + verification.kind().label + " is not verified: give the code sent to it as "
                                    + verification.kind().label + "Code. The request acts on proved identifiers only.");
                    case VERIFIED -> new IdentityVerified(requestId, verification.status(), verification.statusToken());
                });
    }

    /**
     * Where a verified request stands, for the holder of its private status link.
     *
     * @throws ProblemException 400 without a token, 404 for a token this tenant never gave (whatever the reason)
     */
    public Uni<SelfServiceStatus> status(UUID tenantId, StatusQuery query) {
        if (query == null || isBlank(query.token()) || query.token().length() > 100) {
            throw ProblemException.invalidRequest("token is required: the secret of the private status link.");
        }
        TenantId tenant = new TenantId(tenantId);
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select request_id from identity_verification where tenant_id = :tenant and status_token_hash = :hash""", UUID.class)
                        .setParameter("tenant", tenantId)
                        .setParameter("hash", codes.hashOfStatusToken(tenantId, query.token()))
                        .getResultList()))
                .map(ids -> {
                    if (ids.isEmpty()) {
                        throw ProblemException.notFound("There is no request behind this link.");
                    }
                    return ids.get(0);
                })
                .chain(id -> requests.request(tenant, id))
                .chain(request -> export(tenant, request).chain(export -> certificate(tenant, request).map(certificate -> new SelfServiceStatus(
                        request.id(), request.type(), request.status(), request.closingReason(), request.receivedAt(), request.dueOn(),
                        request.extension() == null ? null : request.extension().months(),
                        request.extension() == null ? null : request.extension().reason(), request.completedAt(),
                        request.tasks().stream().map(task -> new SelfServiceStatus.Step(task.owner(), task.status())).toList(),
                        export, certificate))));
    }

    private Uni<SelfServiceStatus.Export> export(TenantId tenant, PrivacyRequestResponse request) {
        if (request.type() != RequestType.ACCESS && request.type() != RequestType.PORTABILITY) {
            return Uni.createFrom().nullItem();
        }
        return exports.status(tenant, request.id())
                .map(status -> new SelfServiceStatus.Export(status.state(), status.link(), status.expiresAt()))
                .onFailure(ProblemException.class).recoverWithNull();
    }

    private Uni<ErasureCertificate> certificate(TenantId tenant, PrivacyRequestResponse request) {
        if (request.type() != RequestType.ERASURE || !"COMPLETED".equals(request.status())) {
            return Uni.createFrom().nullItem();
        }
        return certificates.certificate(tenant, request.id()).onFailure(ProblemException.class).recoverWithNull();
    }

    private static String firstGiven(String preferred, String fallback) {
        return !isBlank(preferred) ? preferred : isBlank(fallback) ? null : fallback;
    }
}

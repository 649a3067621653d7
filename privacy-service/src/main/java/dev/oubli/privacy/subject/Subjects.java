package dev.oubli.privacy.subject;

import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns the identifiers an API caller sends into the keys the ledger stores (blind indexes). */
@ApplicationScoped
public class Subjects {

    private final SubjectIndex subjectIndex;
    private final PrivacyConfig config;

    Subjects(SubjectIndex subjectIndex, PrivacyConfig config) {
        this.subjectIndex = subjectIndex;
        this.config = config;
    }

    /**
     * @param field the name of the body field, for error messages
     * @throws ProblemException (400) when nothing is given or an identifier is invalid; the message names the
     *                          field, never the value
     */
    public SubjectKeys keysOf(TenantId tenant, SubjectIdentifiers given, String field) {
        if (given == null || isBlank(given.email()) && isBlank(given.phone()) && given.contactId() == null) {
            throw ProblemException.invalidRequest(field + " needs an email, a phone or a contactId.");
        }
        try {
            return new SubjectKeys(
                    isBlank(given.email()) ? null : subjectIndex.email(tenant.value(), given.email()),
                    isBlank(given.phone()) ? null : subjectIndex.phone(tenant.value(), given.phone(), config.defaultPhoneRegion()),
                    given.contactId());
        } catch (InvalidIdentifierException e) {
            // The library's message names the kind and the reason, never the value.
            throw ProblemException.invalidRequest(field + ": " + e.getMessage() + ".");
        }
    }

    /** The phone number in E.164, to find the recipient's time zone; never stored. Empty if none or invalid. */
    public java.util.Optional<String> e164(SubjectIdentifiers given) {
        if (given == null || isBlank(given.phone())) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(SubjectIndex.normalisePhone(given.phone(), config.defaultPhoneRegion()));
        } catch (InvalidIdentifierException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

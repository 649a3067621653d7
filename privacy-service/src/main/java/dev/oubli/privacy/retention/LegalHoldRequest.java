package dev.oubli.privacy.retention;

import dev.oubli.privacy.subject.SubjectIdentifiers;

import java.util.UUID;

/**
 * The body of {@code POST /api/legal-holds}: a subject (email, phone or contact id, kept as blind indexes and the id) or
 * a privacy request, or both, and why (1 to 200 characters, shown to officers, never sent to the owners or the audit log).
 */
public record LegalHoldRequest(SubjectIdentifiers subject, UUID requestId, String reason) {
}

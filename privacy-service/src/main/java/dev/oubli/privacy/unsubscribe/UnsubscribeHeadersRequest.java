package dev.oubli.privacy.unsubscribe;

import dev.oubli.privacy.subject.SubjectIdentifiers;

/** The body of {@code POST /api/unsubscribe-headers}: the recipient's email, and the purpose of the message. */
public record UnsubscribeHeadersRequest(SubjectIdentifiers recipient, String purpose) {
}

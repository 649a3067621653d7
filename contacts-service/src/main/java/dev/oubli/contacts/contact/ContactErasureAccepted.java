package dev.oubli.contacts.contact;

import java.util.UUID;

/**
 * The answer to {@code DELETE /api/contacts/{id}} (202): the person is being erased everywhere by the privacy request
 * {@code privacyRequestId} (docs/adr/0035), which privacy-service opens within seconds.
 */
public record ContactErasureAccepted(UUID contactId, UUID privacyRequestId, String privacyRequest) {
}

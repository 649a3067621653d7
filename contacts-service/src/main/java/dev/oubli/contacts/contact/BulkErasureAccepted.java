package dev.oubli.contacts.contact;

import java.util.List;
import java.util.UUID;

/**
 * The answer to {@code POST /api/contacts/erasures} (202, docs/adr/0062): the contacts found are gone, and privacy-service
 * opens one ERASURE request per batch of them within seconds, followed at {@code bulkErasure}.
 *
 * @param contacts        how many of the given contacts were found and deleted
 * @param notFound        the given ids that name no contact of the tenant (nothing was done for them)
 * @param privacyRequests the id of each batch's privacy request
 */
public record BulkErasureAccepted(UUID bulkErasureId, int contacts, List<UUID> notFound, List<UUID> privacyRequests,
                                  String bulkErasure) {
}

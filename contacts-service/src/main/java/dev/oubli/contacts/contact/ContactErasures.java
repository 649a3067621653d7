package dev.oubli.contacts.contact;

import java.util.List;
import java.util.UUID;

/** The body of {@code POST /api/contacts/erasures}: the contacts to delete, each person erased (docs/adr/0062). */
public record ContactErasures(List<UUID> contactIds) {
}

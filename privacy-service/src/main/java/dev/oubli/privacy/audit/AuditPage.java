package dev.oubli.privacy.audit;

import java.util.List;

/**
 * One page of the audit log, oldest first.
 *
 * @param next the {@code after} of the next page; null on the last page
 */
public record AuditPage(List<AuditEntry> items, Long next) {
}

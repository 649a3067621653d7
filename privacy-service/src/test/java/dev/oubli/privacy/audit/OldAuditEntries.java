package dev.oubli.privacy.audit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Audit entries of a past the service could not have written (its clock is now): chained as {@link AuditService} chains
 * them, after the tenant's head, written by the database owner.
 */
public final class OldAuditEntries {

    private OldAuditEntries() {
    }

    /** One entry per time, oldest first; {@code requests} gives an entry's request id by its index. @return their hashes */
    public static List<String> append(DataSource owner, UUID tenant, List<Instant> times, Map<Integer, UUID> requests)
            throws SQLException {
        List<String> hashes = new ArrayList<>();
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            long seq = 0;
            String previous = AuditChain.GENESIS;
            try (PreparedStatement head = c.prepareStatement("select seq, hash from audit_event where tenant_id = ? order by seq desc limit 1")) {
                head.setObject(1, tenant);
                try (ResultSet row = head.executeQuery()) {
                    if (row.next()) {
                        seq = row.getLong(1);
                        previous = row.getString(2);
                    }
                }
            }
            for (int i = 0; i < times.size(); i++) {
                seq++;
                UUID id = UUID.randomUUID();
                UUID request = requests.get(i);
                String details = "{\"n\":" + i + "}";
                String hash = AuditChain.hash(previous, tenant, seq, id, times.get(i), AuditAction.RECEIPT_RECORDED.name(), request, details);
                try (PreparedStatement insert = c.prepareStatement("""
                        insert into audit_event (tenant_id, seq, id, occurred_at, action, request_id, details, previous_hash, hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    insert.setObject(1, tenant);
                    insert.setLong(2, seq);
                    insert.setObject(3, id);
                    insert.setTimestamp(4, Timestamp.from(times.get(i)));
                    insert.setString(5, AuditAction.RECEIPT_RECORDED.name());
                    insert.setObject(6, request);
                    insert.setString(7, details);
                    insert.setString(8, previous);
                    insert.setString(9, hash);
                    insert.executeUpdate();
                }
                hashes.add(hash);
                previous = hash;
            }
            c.commit();
        }
        return hashes;
    }
}

package dev.oubli.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a service database against the tenancy conventions of docs/architecture.md ("Tenancy"), connected as the
 * service's app role: the role is no superuser, has no BYPASSRLS and owns nothing; every table has a
 * non-null {@code tenant_id}, row-level security enabled and forced, and a policy. Flyway's history is
 * the one table without a tenant. Every service's DatabaseConventionsTest calls it.
 */
public final class RowLevelSecurityConventions {

    private RowLevelSecurityConventions() {
    }

    public static void assertHeld() throws SQLException {
        try (Connection app = AppRole.connect()) {
            assertThat(strings(app, "select rolname from pg_roles where rolname = current_user and (rolsuper or rolbypassrls)"))
                    .as("the app role must be no superuser and have no BYPASSRLS").isEmpty();
            assertThat(strings(app, "select relname from pg_class where relowner = (select oid from pg_roles where rolname = current_user)"))
                    .as("relations owned by the app role").isEmpty();

            List<String> tables = strings(app, """
                    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'flyway_schema_history'""");
            assertThat(tables).as("tables of the service").isNotEmpty();
            assertThat(strings(app, """
                    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'flyway_schema_history'
                      and not (c.relrowsecurity and c.relforcerowsecurity
                               and exists (select 1 from pg_policy p where p.polrelid = c.oid)
                               and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id'
                                           and a.attnotnull and a.atttypid = 'uuid'::regtype))"""))
                    .as("tables without tenant_id uuid not null, ENABLE and FORCE row level security and a policy")
                    .isEmpty();
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}

package dev.oubli.tenancy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every role of a service (deploy/postgres/bootstrap.sql, applied by ./dev at each start) bounds its statements and
 * its idle transactions, so that a runaway query or a connection left inside a transaction cannot hold the database.
 * Reads the settings as each role sees them on the local platform's test databases.
 */
class RoleTimeoutsTest {

    private static final String URL = "jdbc:postgresql://" + env("OUBLI_PG_HOST", "127.0.0.1") + ":" + env("OUBLI_PG_PORT", "55432") + "/";

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    @ParameterizedTest
    @CsvSource({
            "oubli_contacts_test, oubli_contacts_app, 30s", "oubli_contacts_test, oubli_contacts_owner, 10min",
            "oubli_knowledge_test, oubli_knowledge_app, 30s", "oubli_knowledge_test, oubli_knowledge_owner, 10min",
            "oubli_privacy_test, oubli_privacy_app, 30s", "oubli_privacy_test, oubli_privacy_owner, 10min",
            "oubli_outbox_test, oubli_outbox_app, 30s", "oubli_outbox_test, oubli_outbox_owner, 10min"})
    void everyServiceRoleBoundsItsStatementsAndIdleTransactions(String database, String role, String statementTimeout) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL + database, role, "local-dev-only");
             Statement query = c.createStatement();
             ResultSet row = query.executeQuery(
                     "select current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout')")) {
            row.next();
            assertThat(row.getString(1)).as("statement_timeout of " + role).isEqualTo(statementTimeout);
            assertThat(row.getString(2)).as("idle_in_transaction_session_timeout of " + role).isEqualTo("1min");
        }
    }
}

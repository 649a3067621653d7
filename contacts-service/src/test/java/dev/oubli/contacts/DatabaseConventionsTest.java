package dev.oubli.contacts;

import dev.oubli.tenancy.RowLevelSecurityConventions;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

/** The migrated database, seen by the role the service connects as, follows the tenancy conventions. */
@QuarkusTest
class DatabaseConventionsTest {

    @Test
    void everyTableIsTenantIsolatedFromTheAppRole() throws SQLException {
        RowLevelSecurityConventions.assertHeld();
    }
}

package dev.oubli.privacy;

import dev.oubli.tenancy.RowLevelSecurityConventions;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

/** The migrated database, seen by the role the service connects as, follows the tenancy conventions. */
@QuarkusTest
class DatabaseConventionsTest {

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String appUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String appPassword;

    @Test
    void everyTableIsTenantIsolatedFromTheAppRole() throws SQLException {
        RowLevelSecurityConventions.assertHeldBy("jdbc:" + reactiveUrl, appUser, appPassword);
    }
}

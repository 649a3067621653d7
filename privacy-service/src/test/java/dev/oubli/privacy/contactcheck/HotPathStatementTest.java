package dev.oubli.privacy.contactcheck;

import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TenantTransactions#statement}, the pre-contact check's path (ADR 0016): its statement runs in the tenant's
 * transaction with one generic plan, and neither setting outlives that transaction on the pooled connection.
 */
@QuarkusTest
class HotPathStatementTest {

    private static final String SETTINGS = "select current_setting('oubli.tenant_id', true) as tenant, current_setting('plan_cache_mode') as plans";

    @Inject
    TenantTransactions transactions;

    @Test
    void theStatementSeesItsTenantAndAGenericPlanAndTheConnectionsAfterwardsSeeNeither() throws Throwable {
        TenantId tenant = new TenantId(UUID.randomUUID());
        for (int i = 0; i < 10; i++) { // more statements than the pool is likely to hold connections
            Row row = transactions.statement(tenant, SETTINGS, Tuple.tuple()).await().indefinitely().iterator().next();
            assertThat(row.getString("tenant")).isEqualTo(tenant.toString());
            assertThat(row.getString("plans")).isEqualTo("force_generic_plan");
        }

        Set<String> seenAfterwards = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Object[] row = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(session -> session.createNativeQuery(SETTINGS, Object[].class).getSingleResult())));
            seenAfterwards.add(row[0] + "/" + row[1]);
        }
        assertThat(seenAfterwards).allSatisfy(settings -> assertThat(settings).doesNotContain(tenant.toString(), "force_generic_plan"));
    }

    @Test
    void aFailingStatementFailsItsUniAndLeavesNoTransactionOpen() {
        TenantId tenant = new TenantId(UUID.randomUUID());
        assertThatThrownBy(() -> transactions.statement(tenant, "select 1 / 0", Tuple.tuple()).await().indefinitely())
                .hasMessageContaining("division by zero");

        Row row = transactions.statement(tenant, SETTINGS, Tuple.tuple()).await().indefinitely().iterator().next();
        assertThat(row.getString("tenant")).isEqualTo(tenant.toString());
    }
}

package dev.oubli.privacy.audit;

import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.oubli.privacy.audit.AuditLogTest.ANCHORED;
import static dev.oubli.privacy.audit.AuditLogTest.verification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A tenant idle for longer than the legal period: its anchored head is itself removed (docs/adr/0061). The checkpoint
 * then stands for the anchored entry: the same hash verifies, another one is a rewritten chain.
 */
@QuarkusTest
class AuditCheckpointAnchorTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    final UUID tenant = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Inject
    AuditCheckpoints checkpoints;

    @Inject
    AuditAnchors anchors;

    @Inject
    TenantTransactions transactions;

    @Test
    void anAnchoredHeadRemovedWithTheRestIsStoodForByTheCheckpoint() throws Throwable {
        List<String> hashes = idleHistoryAnchoredAt(null);

        AuditCheckpoints.Removed removed = purge();

        assertThat(removed.entries()).isEqualTo(3);
        assertThat(removed.checkpoint().hash()).isEqualTo(hashes.get(2));
        verification(tenant).then().statusCode(200)
                .body("intact", equalTo(true)).body("entries", equalTo(0))
                .body("checkpoint.seq", equalTo(3)).body("anchor.seq", equalTo(3));
    }

    @Test
    void aCheckpointThatIsNotTheAnchoredEntryIsARewrittenChain() throws Throwable {
        idleHistoryAnchoredAt("ab".repeat(32));

        purge();

        verification(tenant).then().statusCode(200)
                .body("intact", equalTo(false))
                .body("firstBroken.seq", equalTo(3)).body("firstBroken.problem", equalTo("ANCHOR_MISMATCH"));
    }

    /** Three entries past the limit, the newest anchored (with its hash, or the one given). */
    private List<String> idleHistoryAnchoredAt(String anchoredHash) throws Throwable {
        Instant old = NOW.minus(Duration.ofDays(1900));
        List<String> hashes = OldAuditEntries.append(owner, tenant, List.of(old, old.plusSeconds(1), old.plusSeconds(2)), Map.of());
        String hash = anchoredHash == null ? hashes.get(2) : anchoredHash;
        VertxContextSupport.subscribeAndAwait(() -> transactions.inTransaction(new TenantId(tenant), () -> anchors.anchor(new TenantId(tenant), 3, hash)));
        await().atMost(ANCHORED).untilAsserted(() -> verification(tenant).then().body("anchor.seq", equalTo(3)));
        return hashes;
    }

    private AuditCheckpoints.Removed purge() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> checkpoints.purge(new TenantId(tenant), NOW.minus(Duration.ofDays(1826)), NOW, List.of(), 2));
    }
}

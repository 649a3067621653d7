package dev.oubli.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the relay keeps tidy and tells about itself (docs/adr/0042): old inbox rows go, a stuck relay is unready. */
@QuarkusTest
class OutboxHousekeepingTest {

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @AfterEach
    void relayRuns() {
        relay.start();
    }

    @Test
    void inboxRowsOlderThanTheInboxRetentionAreRemovedAndRecentOnesKept() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        execute("insert into inbox_message (tenant_id, consumer, event_id, processed_at) values "
                + "('" + tenant + "', 'housekeeping-test', '" + old + "', now() - interval '16 days'), "
                + "('" + tenant + "', 'housekeeping-test', '" + recent + "', now() - interval '14 days')");

        relay.stop();
        relay.start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inboxRows(tenant)).isEqualTo(1));
        assertThat(count("select count(*) from inbox_message where event_id = '" + recent + "'")).isOne();
        execute("delete from inbox_message where tenant_id = '" + tenant + "'");
    }

    @Test
    void readinessFailsWhileTheRelayCompletesNoPassAndRecoversWhenItRunsAgain() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readiness()).startsWith("200"));

        relay.stop();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readiness()).startsWith("503")
                .contains("\"outbox-relay\"").contains("\"DOWN\""));
        relay.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readiness()).startsWith("200"));
    }

    /** @return the status code, a space and the body */
    private String readiness() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private long inboxRows(UUID tenant) throws SQLException {
        return count("select count(*) from inbox_message where tenant_id = '" + tenant + "'");
    }

    /** Across tenants, as the relay works. */
    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select set_config('oubli.outbox_relay', 'on', true)");
                try (ResultSet rows = s.executeQuery(sql)) {
                    rows.next();
                    long value = rows.getLong(1);
                    c.commit();
                    return value;
                }
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select set_config('oubli.outbox_relay', 'on', true)");
                s.execute(sql);
            }
            c.commit();
        }
    }
}

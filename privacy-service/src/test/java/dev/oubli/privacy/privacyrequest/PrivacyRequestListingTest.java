package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Listing: newest first, filters, cursor pages; nothing of another tenant. */
@QuarkusTest
class PrivacyRequestListingTest {

    final UUID tenant = UUID.randomUUID();
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    /** Newest first, as the listing orders them. */
    final List<UUID> newestFirst = new ArrayList<>();
    UUID overdueInProgress;
    UUID overdueButCompleted;
    UUID access;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @BeforeEach
    void twelveRequests() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < 12; i++) {
            UUID id = UUID.randomUUID();
            String status = i % 3 == 0 ? "COMPLETED" : "IN_PROGRESS";
            String type = i == 4 ? "ACCESS" : "ERASURE";
            LocalDate due = i == 7 || i == 9 ? today.minusDays(3) : today.plusDays(20 + i);
            TenantSql.execute(owner, tenant, "insert into privacy_request (tenant_id, id, type, status, received_at, due_on) values (?, ?, ?, ?, ?, ?)",
                    tenant, id, type, status, now.minusDays(i), due);
            newestFirst.add(id);
        }
        overdueInProgress = newestFirst.get(7);
        overdueButCompleted = newestFirst.get(9);
        access = newestFirst.get(4);
        TenantSql.execute(owner, tenant, "update privacy_request set status = 'COMPLETED' where id = ?", overdueButCompleted);
        UUID otherTenant = UUID.randomUUID();
        TenantSql.execute(owner, otherTenant, "insert into privacy_request (tenant_id, id, type, status, due_on) values (?, ?, 'ERASURE', 'IN_PROGRESS', ?)",
                otherTenant, UUID.randomUUID(), today.minusDays(3));
    }

    ValidatableResponse list(String query) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/privacy-requests?" + query).then();
    }

    @Test
    void pagesThroughEveryRequestNewestFirstWithACursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ValidatableResponse page = list("limit=5" + (cursor == null ? "" : "&cursor=" + cursor)).statusCode(200);
            seen.addAll(page.extract().path("items.id"));
            cursor = page.extract().path("next");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(newestFirst.stream().map(UUID::toString).toList());
    }

    @Test
    void filtersByStatusTypeDueDateAndOverdue() {
        List<String> inProgress = list("status=IN_PROGRESS").statusCode(200).extract().path("items.status");
        // Every third one (0, 3, 6, 9) is completed.
        assertThat(inProgress).hasSize(8).containsOnly("IN_PROGRESS");
        list("type=ACCESS").statusCode(200).body("items.id", equalTo(List.of(access.toString())));
        list("overdue=true").statusCode(200)
                .body("items.id", equalTo(List.of(overdueInProgress.toString())))
                .body("items[0].overdue", equalTo(true));
        list("dueBefore=" + today).statusCode(200)
                .body("items.id", equalTo(List.of(overdueInProgress.toString(), overdueButCompleted.toString())));
        list("status=COMPLETED&type=ERASURE&dueBefore=" + today).statusCode(200)
                .body("items.id", equalTo(List.of(overdueButCompleted.toString())));
        list("type=ACCESS&status=COMPLETED").statusCode(200).body("items", equalTo(List.of())).body("next", nullValue());
    }

    @Test
    void answers400ForAnUnknownFilterValueOrCursor() {
        list("status=LOST").statusCode(400).contentType("application/problem+json");
        list("type=FORGET").statusCode(400);
        list("dueBefore=tomorrow").statusCode(400);
        list("cursor=not-a-cursor").statusCode(400).contentType("application/problem+json");
    }
}

package dev.oubli.knowledge.paging;

import io.quarkus.panache.common.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds the HQL of a newest-first listing: the tenant, the caller's filters, the time window and the cursor, in the
 * order of the {@code (tenant_id, <time>, id)} index every listed table has.
 */
public final class ListingQuery {

    private final String timeField;
    private final List<String> conditions = new ArrayList<>();
    private final Parameters parameters;

    public ListingQuery(UUID tenant, String timeField) {
        this.timeField = timeField;
        this.parameters = Parameters.with("tenant", tenant);
        conditions.add("tenantId = :tenant");
    }

    public ListingQuery where(String condition, String name, Object value) {
        conditions.add(condition);
        parameters.and(name, value);
        return this;
    }

    public ListingQuery page(PageRequest page) {
        page.from().ifPresent(from -> where(timeField + " >= :from", "from", from));
        page.to().ifPresent(to -> where(timeField + " < :to", "to", to));
        page.after().ifPresent(cursor -> {
            conditions.add("(" + timeField + " < :cursorAt or (" + timeField + " = :cursorAt and id < :cursorId))");
            parameters.and("cursorAt", cursor.at()).and("cursorId", cursor.id());
        });
        return this;
    }

    public String hql() {
        return String.join(" and ", conditions) + " order by " + timeField + " desc, id desc";
    }

    public Parameters parameters() {
        return parameters;
    }
}

package dev.oubli.contacts.contact;

import dev.oubli.problem.ProblemException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A listing request: filters, sort and the cursor, turned into one keyset SQL query. Keyset pagination over
 * (sort key, id) is stable while rows are inserted: a page starts strictly after the last row of the
 * previous one, whatever was inserted meanwhile, so nothing repeats and nothing already there is skipped.
 *
 * <p>{@code restricted}: absent means "not restricted" — the default every outreach list gets, so a contact
 * under an Art. 18 restriction drops out unless the caller asks for {@code true} or {@code any}.
 */
record ContactListing(String emailIndex, String phoneIndex, String text, ConsentFilter consent, Boolean restricted,
                      OffsetDateTime updatedSince, Sort sort, Cursor after, int limit) {

    static final int MAX_LIMIT = 200;

    enum SortKey {
        CREATED_AT("createdAt", "c.created_at"),
        UPDATED_AT("updatedAt", "c.updated_at"),
        LAST_NAME("lastName", "coalesce(c.last_name, '')");

        final String name;
        final String column;

        SortKey(String name, String column) {
            this.name = name;
            this.column = column;
        }
    }

    record Sort(SortKey key, boolean descending) {

        static Sort parse(String text) {
            String value = text == null || text.isBlank() ? "-createdAt" : text.strip();
            boolean descending = value.startsWith("-");
            String name = descending || value.startsWith("+") ? value.substring(1) : value;
            for (SortKey key : SortKey.values()) {
                if (key.name.equals(name)) {
                    return new Sort(key, descending);
                }
            }
            throw ProblemException.invalidRequest("sort must be one of createdAt, updatedAt, lastName, optionally prefixed with '-'.");
        }

        String text() {
            return (descending ? "-" : "") + key.name;
        }
    }

    /** {@code CHANNEL:PURPOSE:STATE}, STATE being GRANTED, WITHDRAWN or NONE (no known consent). */
    record ConsentFilter(String channel, String purpose, String state) {

        static ConsentFilter parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            String[] parts = text.strip().toUpperCase(Locale.ROOT).split(":");
            if (parts.length != 3 || !parts[0].matches("[A-Z]{2,10}") || !parts[1].matches("[A-Z_]{2,40}")
                    || !parts[2].matches("GRANTED|WITHDRAWN|NONE")) {
                throw ProblemException.invalidRequest("consent must read CHANNEL:PURPOSE:STATE, STATE being GRANTED, WITHDRAWN or NONE.");
            }
            return new ConsentFilter(parts[0], parts[1], parts[2]);
        }
    }

    /**
     * Where the previous page ended: its last sort value and id. Clients get it sealed by {@link ContactCursors}, never
     * in clear (a last name would otherwise travel in URLs and access logs).
     */
    record Cursor(String value, UUID id) {

        static Cursor after(Sort sort, Contact last) {
            String value = switch (sort.key) {
                case CREATED_AT -> Long.toString(micros(last.createdAt));
                case UPDATED_AT -> Long.toString(micros(last.updatedAt));
                case LAST_NAME -> last.lastName == null ? "" : last.lastName;
            };
            return new Cursor(value, last.id);
        }

        /** @return whether the value is one a cursor of this sort can hold */
        boolean fits(Sort sort) {
            if (sort.key == SortKey.LAST_NAME) {
                return true;
            }
            try {
                Long.parseLong(value);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        Object sqlValue(Sort sort) {
            if (sort.key == SortKey.LAST_NAME) {
                return value;
            }
            long micros = Long.parseLong(value);
            return OffsetDateTime.ofInstant(Instant.EPOCH.plusNanos(micros * 1000), ZoneOffset.UTC);
        }

        private static long micros(OffsetDateTime time) {
            Instant instant = time.toInstant();
            return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
        }

        @Override
        public String toString() {
            return "Cursor[" + id + "]";
        }
    }

    static OffsetDateTime parseInstant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw invalidInstant(field);
        }
        // RFC 3339 years have four digits; java.time would take +200000 or -5000, which PostgreSQL cannot always hold.
        if (at.getYear() < 1 || at.getYear() > 9999) {
            throw invalidInstant(field);
        }
        return at;
    }

    private static ProblemException invalidInstant(String field) {
        return ProblemException.invalidRequest(field + " must be an RFC 3339 date-time between years 0001 and 9999,"
                + " for example 2026-01-31T00:00:00Z.");
    }

    static Boolean parseRestricted(String text) {
        if (text == null || text.isBlank() || text.equals("false")) {
            return Boolean.FALSE;
        }
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("any")) {
            return null;
        }
        throw ProblemException.invalidRequest("restricted must be true, false or any.");
    }

    /** Taken as text: a number JAX-RS cannot convert would otherwise answer 404. */
    static int parseLimit(String text) {
        if (text == null || text.isBlank()) {
            return 50;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidRequest("limit must be a number between 1 and " + MAX_LIMIT + ".");
        }
        return limit;
    }

    /** The SQL (native, PostgreSQL) and its parameters; fetches one row more than the limit to know if a next page exists. */
    String sql(UUID tenant, Map<String, Object> parameters) {
        StringBuilder sql = new StringBuilder("select ").append(ContactRepository.COLUMNS).append(" from contact c where c.tenant_id = :tenant");
        parameters.put("tenant", tenant);
        if (emailIndex != null) {
            sql.append(" and c.email_index = :emailIndex");
            parameters.put("emailIndex", emailIndex);
        }
        if (phoneIndex != null) {
            sql.append(" and c.phone_index = :phoneIndex");
            parameters.put("phoneIndex", phoneIndex);
        }
        if (text != null) {
            sql.append(" and (c.first_name ilike :text or c.last_name ilike :text or c.company ilike :text"
                    + " or (coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) ilike :text)");
            parameters.put("text", "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (restricted != null) {
            sql.append(" and c.restricted = :restricted");
            parameters.put("restricted", restricted);
        }
        if (updatedSince != null) {
            sql.append(" and c.updated_at >= :updatedSince");
            parameters.put("updatedSince", updatedSince);
        }
        if (consent != null) {
            String known = "select 1 from contact_consent k where k.tenant_id = c.tenant_id and k.contact_id = c.id"
                    + " and k.channel = :consentChannel and k.purpose = :consentPurpose";
            parameters.put("consentChannel", consent.channel());
            parameters.put("consentPurpose", consent.purpose());
            if (consent.state().equals("NONE")) {
                sql.append(" and not exists (").append(known).append(")");
            } else {
                sql.append(" and exists (").append(known).append(" and k.state = :consentState)");
                parameters.put("consentState", consent.state());
            }
        }
        String direction = sort.descending() ? "desc" : "asc";
        if (after != null) {
            sql.append(" and (").append(sort.key().column).append(", c.id) ").append(sort.descending() ? "<" : ">")
                    .append(" (:afterValue, :afterId)");
            parameters.put("afterValue", after.sqlValue(sort));
            parameters.put("afterId", after.id());
        }
        sql.append(" order by ").append(sort.key().column).append(' ').append(direction).append(", c.id ").append(direction)
                .append(" limit ").append(limit + 1);
        return sql.toString();
    }

    static Map<String, Object> newParameters() {
        return new LinkedHashMap<>();
    }
}

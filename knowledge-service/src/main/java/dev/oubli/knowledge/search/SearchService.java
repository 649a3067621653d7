package dev.oubli.knowledge.search;

import dev.oubli.knowledge.subject.SubjectRestrictions;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.JDBCException;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Full-text search over the tenant's documents, notes, messages and call transcripts (docs/adr/0010, 0015, 0018): the
 * query is read with both the French and the English stemmer, accents ignored, and set for the transaction; the
 * row-level security policy of each partition of {@code search_entry} (one per kind of text) then admits exactly the
 * tenant's entries that match it, through a GIN index. Each partition gives its best {@code limit} matches, the union
 * is ranked again, and only the returned hits are joined to their text for a highlighted snippet.
 */
@ApplicationScoped
public class SearchService {

    static final int QUERY_LENGTH = 200;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /**
     * Matches ranked per source at most. A term found in most of a tenant's texts would otherwise make every search
     * read and rank all of them; beyond this many, the ranking is among the first matches found (docs/adr/0010; 1,000
     * until docs/adr/0018).
     */
    static final int CANDIDATES = 500;

    /**
     * Characters of a hit's text that ts_headline reads: it parses all it is given, for each hit. A match further in
     * still ranks the hit; its snippet is then the text's beginning, unmarked.
     */
    static final int SNIPPET_SOURCE_LENGTH = 50_000;

    /**
     * What ts_headline puts around a match: control characters, which the stored text cannot carry into the
     * headline (they are replaced by spaces first), so the marks added after escaping are exactly the matches.
     */
    static final char START_MATCH = '\u0002';
    static final char STOP_MATCH = '\u0003';

    /** PostgreSQL's program_limit_exceeded: here, "string is too long for tsvector". */
    private static final String PROGRAM_LIMIT_EXCEEDED = "54000";

    /**
     * Both readings of the query, once if they agree (the usual case for a French word); an empty query matches nothing.
     * It is answered through one of two GIN indexes (docs/adr/0018), the other condition left empty:
     * <ul>
     * <li>words (oubli.search_words = the query): the index of search_vector, exact, a hyphenated word's phrase included;
     * <li>a quoted phrase, or no positive word (oubli.search_terms): the index of search_terms, through the phrase's
     * word pairs (`contrat 2 livrais`, docs/adr/0017), then the query itself on those entries' vectors.
     * </ul>
     * For this transaction: a plan made for each search, as the best plan depends on how common the words are (for a
     * word in most of the texts, a walk of the primary key that stops at the first CANDIDATES matches; for a rare one, a
     * bitmap of the index); index pages priced as the cached pages they are (random_page_cost 1.1, the usual value for
     * SSDs); no parallel workers, which cost more to start than a capped search takes; no sequential scans, which would
     * read other tenants' entries (ADR 0015); and, for phrases, no index scans, which would decompress the large
     * search_terms of each row walked.
     */
    static final String SET_QUERY = """
            select set_config('oubli.search_query', cast(query as text), true),
                   set_config('oubli.search_words', case when by_pairs then '' else cast(query as text) end, true),
                   set_config('oubli.search_terms', case when by_pairs then cast(search_terms_query(query) as text) else '' end, true),
                   set_config('enable_seqscan', 'off', true),
                   set_config('enable_indexscan', case when by_pairs then 'off' else 'on' end, true),
                   set_config('random_page_cost', '1.1', true), set_config('max_parallel_workers_per_gather', '0', true),
                   set_config('plan_cache_mode', 'force_custom_plan', true)
            from (select query, (strpos(:q, '"') > 0 and strpos(cast(query as text), '<') > 0) or querytree(query) = 'T' as by_pairs
                  from (select case when f = e then f else f || e end as query
                        from (select websearch_to_tsquery('oubli_french', :q) as f, websearch_to_tsquery('oubli_english', :q) as e) r) t) u""";

    // A note or conversation whose subject is restricted is no candidate (its messages and transcript neither): ADR 0039.
    // Rank normalisation 1: divided by 1 + log(length), so long texts do not win by length alone. Snippets: see
    // SNIPPET_SOURCE_LENGTH, START_MATCH and snippet(); the text may hold markup, escaped in Java after ts_headline. Each partition of
    // search_entry shows only the tenant's matches of the query (its RLS policy): the queries below need no @@ of their
    // own, and rank and highlight with the user's query alone. The partitions are read directly: through their parent,
    // the planner would not consider stopping a walk at the first matches (docs/adr/0018).
    static final String SEARCH = """
            with q as (select cast(current_setting('oubli.search_query') as tsquery) as query),
            hit as (
                (select s.item_type, s.item_id, ts_rank(s.search_vector, q.query, 1) as rank
                 from (select item_type, item_id, search_vector from search_entry_document
                       where tenant_id = :tenant limit :candidates) s, q
                 order by rank desc limit :limit)
                union all
                (select s.item_type, s.item_id, ts_rank(s.search_vector, q.query, 1) as rank
                 from (select item_type, item_id, search_vector from search_entry_note
                       where tenant_id = :tenant limit :candidates) s, q
                 where %s
                 order by rank desc limit :limit)
                union all
                (select s.item_type, s.item_id, ts_rank(s.search_vector, q.query, 1) as rank
                 from (select item_type, item_id, search_vector from search_entry_message
                       where tenant_id = :tenant limit :candidates) s, q
                 where %s
                 order by rank desc limit :limit)
                union all
                (select s.item_type, s.item_id, ts_rank(s.search_vector, q.query, 1) as rank
                 from (select item_type, item_id, search_vector from search_entry_transcript
                       where tenant_id = :tenant limit :candidates) s, q
                 where %s
                 order by rank desc limit :limit))
            select top.item_type, top.item_id, coalesce(m.conversation_id, c.id), coalesce(d.title, n.title), top.rank,
                   ts_headline('oubli_french',
                               translate(left(coalesce(d.body, n.body, m.body, c.transcript), :snippetSource), E'\\x02\\x03', '  '),
                               q.query,
                               E'StartSel=\\x02, StopSel=\\x03, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
            from (select * from hit order by rank desc, item_id limit :limit) top
            cross join q
            left join document d on top.item_type = 'DOCUMENT' and d.tenant_id = :tenant and d.id = top.item_id
            left join note n on top.item_type = 'NOTE' and n.tenant_id = :tenant and n.id = top.item_id
            left join conversation_message m on top.item_type = 'MESSAGE' and m.tenant_id = :tenant and m.id = top.item_id
            left join conversation c on top.item_type = 'TRANSCRIPT' and c.tenant_id = :tenant and c.id = top.item_id
            order by top.rank desc, top.item_id""".formatted(SubjectRestrictions.notRestricted("s.item_id"),
            SubjectRestrictions.notRestricted("(select m.conversation_id from conversation_message m where m.tenant_id = :tenant and m.id = s.item_id)"),
            SubjectRestrictions.notRestricted("s.item_id"));

    private final TenantTransactions transactions;

    SearchService(TenantTransactions transactions) {
        this.transactions = transactions;
    }

    @SuppressWarnings("unchecked")
    public Uni<SearchResults> search(TenantId tenant, String query, Integer limit) {
        if (query == null || query.isBlank() || query.length() > QUERY_LENGTH) {
            throw ProblemException.invalidRequest("q is required, at most " + QUERY_LENGTH + " characters.");
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw ProblemException.invalidRequest("limit must be between 1 and " + MAX_LIMIT + ".");
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session
                        .createNativeQuery(SET_QUERY).setParameter("q", query).getSingleResult()
                        .chain(ignored -> session.createNativeQuery(SEARCH)
                        .setParameter("tenant", tenant.value())
                        .setParameter("limit", size)
                        .setParameter("candidates", CANDIDATES)
                        .setParameter("snippetSource", SNIPPET_SOURCE_LENGTH)
                        .getResultList())))
                .map(rows -> new SearchResults(((List<Object[]>) (List<?>) rows).stream().map(SearchService::hit).toList()));
    }

    /**
     * A write that fails because one of its texts has more distinct words than a tsvector holds (about 1 MB of words
     * and positions) fails with a 400 problem instead of PostgreSQL's error.
     */
    public static <T> Uni<T> refusingUnindexableText(Uni<T> write) {
        return write.onFailure(SearchService::tooLongToIndex)
                .transform(tooLong -> ProblemException.invalidRequest("A text is too long to be indexed for search."));
    }

    private static boolean tooLongToIndex(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if ((cause instanceof SQLException sql && PROGRAM_LIMIT_EXCEEDED.equals(sql.getSQLState()))
                    || (cause instanceof JDBCException jdbc && PROGRAM_LIMIT_EXCEEDED.equals(jdbc.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static SearchHit hit(Object[] row) {
        return new SearchHit((String) row[0], (UUID) row[1], (UUID) row[2], (String) row[3], snippet((String) row[5]),
                ((Number) row[4]).doubleValue());
    }

    /** The headline as HTML: its text escaped, then each match between {@code <mark>} and {@code </mark>}. */
    static String snippet(String headline) {
        if (headline == null) {
            return null;
        }
        StringBuilder html = new StringBuilder(headline.length() + 32);
        for (int i = 0; i < headline.length(); i++) {
            char c = headline.charAt(i);
            switch (c) {
                case START_MATCH -> html.append("<mark>");
                case STOP_MATCH -> html.append("</mark>");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '&' -> html.append("&amp;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return html.toString();
    }
}

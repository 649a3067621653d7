package dev.oubli.knowledge.search;

import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Full-text search over the tenant's documents, notes, messages and call transcripts (docs/adr/0010, 0015): the query is
 * read with both the French and the English stemmer, accents ignored, and set as the transaction's
 * {@code oubli.search_query}; the row-level security policy of {@code search_entry} then admits exactly the tenant's
 * entries that match it, through their GIN index. Each source gives its best {@code limit} matches, the union is
 * ranked again, and only the returned hits are joined to their text for a highlighted snippet.
 */
@ApplicationScoped
public class SearchService {

    static final int QUERY_LENGTH = 200;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /**
     * Matches ranked per source at most. A term found in most of a tenant's texts would otherwise make every search
     * read and rank all of them; beyond this many, the ranking is among the first matches found (docs/adr/0010).
     */
    static final int CANDIDATES = 1000;

    /**
     * Both readings of the query, once if they agree (the usual case for a French word); an empty query matches nothing.
     * With them, the condition the index answers (docs/adr/0017): the query without its negations and with each phrase
     * replaced by the pairs of words it needs (`contrat 2 livrais`), so that a phrase of common words reads only the
     * entries holding it; the policy then checks the query itself, positions included, on those entries.
     * For this transaction (ADR 0015): no sequential scans, as the planner expects matches spread evenly over
     * search_entry and, under a candidates' LIMIT, would read it from its start, past every other source's entries; no
     * index scans either (ADR 0017), as walking the primary key for common words would decompress the large
     * search_terms of each row to check the policy, where a bitmap scan takes the index's answer; and a plan made for
     * each search, as the best plan depends on how common the words are, which a generic plan of the pool's kept
     * statement would freeze at those of an earlier search (rare words then took 180-360 ms).
     */
    static final String SET_QUERY = """
            select set_config('oubli.search_query', cast(query as text), true),
                   set_config('oubli.search_terms', cast(search_terms_query(query) as text), true),
                   set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true),
                   set_config('plan_cache_mode', 'force_custom_plan', true)
            from (select case when f = e then f else f || e end as query
                  from (select websearch_to_tsquery('oubli_french', :q) as f, websearch_to_tsquery('oubli_english', :q) as e) r) t""";

    // Rank normalisation 1: divided by 1 + log(length), so long texts do not win by length alone. search_entry shows
    // only the matches of oubli.search_terms and oubli.search_query (its RLS policy): the queries below need no @@ of
    // their own, and rank and highlight with the user's query alone.
    static final String SEARCH = """
            with q as (select cast(current_setting('oubli.search_query') as tsquery) as query),
            hit as (
                (select s.item_type, s.item_id, ts_rank(s.search_vector, q.query, 1) as rank
                 from (select item_type, item_id, search_vector from search_entry
                       where tenant_id = :tenant and item_type = 'DOCUMENT' limit :candidates) s, q
                 order by rank desc limit :limit)
                union all
                (select s.item_type, s.item_id, ts_rank(s.search_vector, q.query, 1) as rank
                 from (select item_type, item_id, search_vector from search_entry
                       where tenant_id = :tenant and item_type = 'NOTE' limit :candidates) s, q
                 order by rank desc limit :limit)
                union all
                (select s.item_type, s.item_id, ts_rank(s.search_vector, q.query, 1) as rank
                 from (select item_type, item_id, search_vector from search_entry
                       where tenant_id = :tenant and item_type = 'MESSAGE' limit :candidates) s, q
                 order by rank desc limit :limit)
                union all
                (select s.item_type, s.item_id, ts_rank(s.search_vector, q.query, 1) as rank
                 from (select item_type, item_id, search_vector from search_entry
                       where tenant_id = :tenant and item_type = 'TRANSCRIPT' limit :candidates) s, q
                 order by rank desc limit :limit))
            select top.item_type, top.item_id, coalesce(m.conversation_id, c.id), coalesce(d.title, n.title), top.rank,
                   ts_headline('oubli_french', coalesce(d.body, n.body, m.body, c.transcript), q.query,
                               'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
            from (select * from hit order by rank desc, item_id limit :limit) top
            cross join q
            left join document d on top.item_type = 'DOCUMENT' and d.tenant_id = :tenant and d.id = top.item_id
            left join note n on top.item_type = 'NOTE' and n.tenant_id = :tenant and n.id = top.item_id
            left join conversation_message m on top.item_type = 'MESSAGE' and m.tenant_id = :tenant and m.id = top.item_id
            left join conversation c on top.item_type = 'TRANSCRIPT' and c.tenant_id = :tenant and c.id = top.item_id
            order by top.rank desc, top.item_id""";

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
                        .getResultList())))
                .map(rows -> new SearchResults(((List<Object[]>) (List<?>) rows).stream().map(SearchService::hit).toList()));
    }

    private static SearchHit hit(Object[] row) {
        return new SearchHit((String) row[0], (UUID) row[1], (UUID) row[2], (String) row[3], (String) row[5],
                ((Number) row[4]).doubleValue());
    }
}

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
 * Full-text search over the tenant's documents, notes, messages and call transcripts (docs/adr/0010): the query is
 * read with both the French and the English stemmer, accents ignored, and matched against the stored vectors through
 * their GIN indexes (tenant first). Each source gives its best {@code limit} matches, the union is ranked again, and
 * only the returned hits get a highlighted snippet.
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

    // Rank normalisation 1: divided by 1 + log(length), so long texts do not win by length alone.
    private static final String SEARCH = """
            with q as (select websearch_to_tsquery('oubli_french', :q) || websearch_to_tsquery('oubli_english', :q) as query)
            select hit.kind, hit.id, hit.conversation_id, hit.title, hit.rank,
                   ts_headline('oubli_french', hit.text, q.query,
                               'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
            from (
                (select 'DOCUMENT' as kind, d.id, cast(null as uuid) as conversation_id, d.title,
                        ts_rank(d.search_vector, q.query, 1) as rank, d.body as text
                 from (select d.* from document d, q where d.tenant_id = :tenant and d.search_vector @@ q.query limit :candidates) d, q
                 order by rank desc limit :limit)
                union all
                (select 'NOTE', n.id, cast(null as uuid), n.title, ts_rank(n.search_vector, q.query, 1) as rank, n.body
                 from (select n.* from note n, q where n.tenant_id = :tenant and n.search_vector @@ q.query limit :candidates) n, q
                 order by rank desc limit :limit)
                union all
                (select 'MESSAGE', m.id, m.conversation_id, cast(null as varchar), ts_rank(m.search_vector, q.query, 1) as rank, m.body
                 from (select m.* from conversation_message m, q where m.tenant_id = :tenant and m.search_vector @@ q.query
                       limit :candidates) m, q
                 order by rank desc limit :limit)
                union all
                (select 'TRANSCRIPT', c.id, c.id, cast(null as varchar), ts_rank(c.search_vector, q.query, 1) as rank, c.transcript
                 from (select c.* from conversation c, q where c.tenant_id = :tenant and c.transcript is not null
                       and c.search_vector @@ q.query limit :candidates) c, q
                 order by rank desc limit :limit)
            ) hit, q
            order by hit.rank desc, hit.id
            limit :limit""";

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
        // The tsquery is computed in the statement, so the planner cannot estimate how many rows match; under the
        // candidates' LIMIT it then prefers walking a btree over the tenant's rows, which for a rare term or a phrase
        // reads them all. Without plain index scans (this transaction only) it takes the GIN bitmap (ADR 0010).
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select set_config('enable_indexscan', 'off', true)").getSingleResult()
                        .chain(ignored -> session.createNativeQuery(SEARCH)
                        .setParameter("q", query)
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

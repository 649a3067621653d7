import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * knowledge-service's database work at scale, against the PostgreSQL of `./dev up` (database migrated by the service),
 * in a fresh tenant that it removes at the end:
 *
 * 1. Search: seeds N notes and M conversations (3 messages each, a transcript for calls), then runs Q searches with
 *    the exact statement of SearchService (French + English, unaccent, GIN, ts_rank, ts_headline on the returned
 *    hits), as the app role in tenant transactions, and prints p50/p99. The HTTP and token layers are not included
 *    (a constant GET on Quarkus costs about 0.03 ms of CPU here; see PLATFORM-NOTES.md).
 * 2. Purge: seeds P expired notes, removes them with a raw `DELETE` in one statement, seeds the same rows again and
 *    removes them with RetentionService's batched purge (one transaction per batch, subject-index rows included),
 *    and prints both rates and their ratio.
 *
 * Run by hand, not part of ./dev test (needs the PostgreSQL JDBC driver on the class path):
 *   java -cp ~/.m2/repository/org/postgresql/postgresql/42.7.10/postgresql-42.7.10.jar bench/KnowledgeBench.java \
 *        [notes=100000] [conversations=10000] [queries=500] [purged=100000] [batch=10000]
 */
public class KnowledgeBench {

    static final String URL = "jdbc:postgresql://127.0.0.1:" + env("OUBLI_PG_PORT", "55432") + "/" + env("OUBLI_KNOWLEDGE_DB", "oubli_knowledge");
    static final String USER = env("OUBLI_KNOWLEDGE_DB_APP_USER", "oubli_knowledge_app");
    static final String PASSWORD = env("OUBLI_KNOWLEDGE_DB_APP_PASSWORD", "local-dev-only");

    /** SearchService.SEARCH with JDBC placeholders: q, q, then tenant, candidates and limit for each of the four sources, then the limit. */
    static final String SEARCH = """
            with q as (select websearch_to_tsquery('oubli_french', ?) || websearch_to_tsquery('oubli_english', ?) as query)
            select hit.kind, hit.id, hit.conversation_id, hit.title, hit.rank,
                   ts_headline('oubli_french', hit.text, q.query,
                               'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
            from (
                (select 'DOCUMENT' as kind, d.id, cast(null as uuid) as conversation_id, d.title,
                        ts_rank(d.search_vector, q.query, 1) as rank, d.body as text
                 from (select d.* from document d, q where d.tenant_id = ? and d.search_vector @@ q.query limit ?) d, q
                 order by rank desc limit ?)
                union all
                (select 'NOTE', n.id, cast(null as uuid), n.title, ts_rank(n.search_vector, q.query, 1) as rank, n.body
                 from (select n.* from note n, q where n.tenant_id = ? and n.search_vector @@ q.query limit ?) n, q
                 order by rank desc limit ?)
                union all
                (select 'MESSAGE', m.id, m.conversation_id, cast(null as varchar), ts_rank(m.search_vector, q.query, 1) as rank, m.body
                 from (select m.* from conversation_message m, q where m.tenant_id = ? and m.search_vector @@ q.query
                       limit ?) m, q
                 order by rank desc limit ?)
                union all
                (select 'TRANSCRIPT', c.id, c.id, cast(null as varchar), ts_rank(c.search_vector, q.query, 1) as rank, c.transcript
                 from (select c.* from conversation c, q where c.tenant_id = ? and c.transcript is not null
                       and c.search_vector @@ q.query limit ?) c, q
                 order by rank desc limit ?)
            ) hit, q
            order by hit.rank desc, hit.id
            limit ?""";

    /** RetentionService.batchSql(NOTES) with JDBC placeholders: tenant, cutoff, batch, tenant, tenant. */
    static final String PURGE_BATCH = """
            with gone as (
                delete from note t where t.ctid = any(array(
                    select ctid from note where tenant_id = ? and updated_at < ? order by updated_at, id limit ?))
                returning t.id),
            unindexed as (
                delete from subject_index s using gone
                where s.tenant_id = ? and s.item_type = 'NOTE' and s.item_id = gone.id)
            select count(*) from gone""";

    // A vocabulary of French and English words, accents included; rare words are drawn rarely.
    static final String WORDS = "'{facture,électricité,contrat,livraison,remboursement,client,commande,rendez-vous,"
            + "téléphone,adresse,garantie,chaudière,réparation,devis,paiement,échéance,abonnement,résiliation,colis,retard,"
            + "parcel,delivery,invoice,refund,warranty,meeting,schedule,complaint,boiler,subscription,cancellation,order,"
            + "le,la,les,des,une,pour,avec,sans,sur,dans,the,and,with,for,from,about,très,bien,merci,bonjour}'::text[]";
    static final String RARE = "'{zanzibar,quetzal,xylophone,ornithorynque,kumquat}'::text[]";

    static final List<String> QUERIES = List.of("facture", "electricite", "factures impayées", "remboursement colis",
            "chaudière réparation", "delivery", "refund invoice", "garantie", "zanzibar", "quetzal", "rendez-vous client",
            "résiliation abonnement", "boiler", "commande retard", "\"contrat de livraison\"", "paiement -devis", "kumquat",
            "téléphone", "warranty or garantie", "ornithorynque");

    public static void main(String[] args) throws Exception {
        int notes = arg(args, 0, 100_000);
        int conversations = arg(args, 1, 10_000);
        int queries = arg(args, 2, 500);
        int purged = arg(args, 3, 100_000);
        int batch = arg(args, 4, 10_000);
        UUID tenant = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            c.setAutoCommit(false);
            try {
                long seeded = System.nanoTime();
                seedSearchData(c, tenant, notes, conversations);
                System.out.printf("seeded %d notes and %d conversations (%d messages) in %.1f s%n",
                        notes, conversations, conversations * 3, (System.nanoTime() - seeded) / 1e9);
                search(c, tenant, queries);
                purge(c, tenant, purged, batch);
            } finally {
                cleanUp(c, tenant);
            }
        }
    }

    static void seedSearchData(Connection c, UUID tenant, int notes, int conversations) throws SQLException {
        String text = "array_to_string(array(select case when random() < 0.002 then (%2$s)[1 + floor(random() * 5)::int] "
                + "else (%1$s)[1 + floor(random() * array_length(%1$s, 1))::int] end from generate_series(1, %3$s + g * 0)), ' ')";
        inTenant(c, tenant, """
                insert into note (tenant_id, id, title, body, created_at, updated_at)
                select ?, gen_random_uuid(), %s, %s, now(), now() from generate_series(1, ?) g"""
                .formatted(text.formatted(WORDS, RARE, 4), text.formatted(WORDS, RARE, 60)), tenant, notes);
        inTenant(c, tenant, """
                insert into conversation (tenant_id, id, agent, channel, started_at, last_activity_at, transcript, created_at, updated_at)
                select ?, gen_random_uuid(), (array['emile','tom'])[1 + mod(g, 2)], (array['EMAIL','CALL','CHAT','SMS'])[1 + mod(g, 4)],
                       now(), now(), case when mod(g, 4) = 1 then %s end, now(), now() from generate_series(1, ?) g"""
                .formatted(text.formatted(WORDS, RARE, 150)), tenant, conversations);
        inTenant(c, tenant, """
                insert into conversation_message (tenant_id, conversation_id, id, direction, sent_at, body)
                select ?, conv.id, gen_random_uuid(), (array['INBOUND','OUTBOUND'])[1 + mod(k, 2)], now(), %s
                from conversation conv, generate_series(1, 3) k, lateral (select k as g) l
                where conv.tenant_id = ?""".formatted(text.formatted(WORDS, RARE, 30)), tenant, tenant);
        inTenant(c, tenant, "analyze note", new Object[0]);
        inTenant(c, tenant, "analyze conversation_message", new Object[0]);
        inTenant(c, tenant, "analyze conversation", new Object[0]);
    }

    static void search(Connection c, UUID tenant, int queries) throws SQLException {
        for (int i = 0; i < 50; i++) {
            searchOnce(c, tenant, QUERIES.get(i % QUERIES.size()));
        }
        double[] latencies = new double[queries];
        Map<String, Double> slowest = new TreeMap<>();
        int hits = 0;
        for (int i = 0; i < queries; i++) {
            String query = QUERIES.get(i % QUERIES.size());
            long started = System.nanoTime();
            hits += searchOnce(c, tenant, query);
            latencies[i] = (System.nanoTime() - started) / 1e6;
            slowest.merge(query, latencies[i], Math::max);
        }
        Arrays.sort(latencies);
        slowest.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3)
                .forEach(slow -> System.out.printf("  slowest: %s (max %.1f ms)%n", slow.getKey(), slow.getValue()));
        System.out.printf("search (%d queries, %d terms, top 20, %.1f hits each on average): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                queries, QUERIES.size(), (double) hits / queries, percentile(latencies, 50), percentile(latencies, 99),
                latencies[latencies.length - 1]);
    }

    static int searchOnce(Connection c, UUID tenant, String query) throws SQLException {
        setTenant(c, tenant);
        try (PreparedStatement bitmapsOnly = c.prepareStatement("select set_config('enable_indexscan', 'off', true)")) {
            bitmapsOnly.execute(); // as SearchService does
        }
        int hits = 0;
        try (PreparedStatement search = c.prepareStatement(SEARCH)) {
            search.setString(1, query);
            search.setString(2, query);
            for (int source = 0; source < 4; source++) {
                search.setObject(3 + 3 * source, tenant);
                search.setInt(4 + 3 * source, 1000); // SearchService.CANDIDATES
                search.setInt(5 + 3 * source, 20);
            }
            search.setInt(15, 20);
            try (ResultSet rows = search.executeQuery()) {
                while (rows.next()) {
                    hits++;
                }
            }
        }
        c.commit();
        return hits;
    }

    static void purge(Connection c, UUID tenant, int rows, int batch) throws SQLException {
        Timestamp old = Timestamp.from(Instant.parse("2020-01-01T00:00:00Z"));
        Timestamp cutoff = Timestamp.from(Instant.parse("2021-01-01T00:00:00Z"));
        String seed = """
                insert into note (tenant_id, id, title, body, created_at, updated_at)
                select ?, ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'Ancienne note ' || g,
                       'Compte rendu numéro ' || g || ' du rendez-vous client', ?, ? from generate_series(1, ?) g""";

        inTenant(c, tenant, seed, tenant, old, old, rows);
        inTenant(c, tenant, "analyze note", new Object[0]);
        long started = System.nanoTime();
        int raw = inTenant(c, tenant, "delete from note where tenant_id = ? and updated_at < ?", tenant, cutoff);
        double rawSeconds = (System.nanoTime() - started) / 1e9;

        inTenant(c, tenant, seed, tenant, old, old, rows);
        inTenant(c, tenant, "analyze note", new Object[0]);
        started = System.nanoTime();
        long batched = 0;
        while (true) {
            setTenant(c, tenant);
            long deleted;
            try (PreparedStatement purge = c.prepareStatement(PURGE_BATCH)) {
                purge.setObject(1, tenant);
                purge.setTimestamp(2, cutoff);
                purge.setInt(3, batch);
                purge.setObject(4, tenant);
                try (ResultSet count = purge.executeQuery()) {
                    count.next();
                    deleted = count.getLong(1);
                }
            }
            c.commit();
            batched += deleted;
            if (deleted < batch) {
                break;
            }
        }
        double purgeSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("raw DELETE: %d rows in %.2f s = %.0f rows/s%n", raw, rawSeconds, raw / rawSeconds);
        System.out.printf("retention purge (batches of %d): %d rows in %.2f s = %.0f rows/s%n", batch, batched, purgeSeconds, batched / purgeSeconds);
        System.out.printf("purge time / raw DELETE time: %.2f (goal <= 1.5)%n", purgeSeconds / rawSeconds);
    }

    static void cleanUp(Connection c, UUID tenant) throws SQLException {
        c.rollback();
        for (String table : List.of("conversation", "note", "document", "subject_index")) {
            inTenant(c, tenant, "delete from " + table + " where tenant_id = ?", tenant);
        }
    }

    static int inTenant(Connection c, UUID tenant, String sql, Object... parameters) throws SQLException {
        setTenant(c, tenant);
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            int count = statement.executeUpdate();
            c.commit();
            return count;
        }
    }

    static void setTenant(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
            set.setString(1, tenant.toString());
            set.execute();
        }
    }

    static double percentile(double[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

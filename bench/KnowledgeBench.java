import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * knowledge-service's database work at scale, against a knowledge database migrated by the service (OUBLI_KNOWLEDGE_DB,
 * default oubli_knowledge; oubli_knowledge_test is migrated by the module's tests), in a fresh tenant that it removes
 * at the end. The statements are those of SearchService and RetentionService, read from their sources.
 *
 * 1. Search: seeds N notes and M conversations (3 messages each, a transcript for calls), vacuums and analyses as the
 *    owner (what autovacuum does in a real deployment), then runs Q searches exactly as SearchService does (set the
 *    query, then search), as the app role in tenant transactions, and prints p50/p99. The HTTP and token layers are
 *    not included (a constant GET on Quarkus costs about 0.03 ms of CPU here; see PLATFORM-NOTES.md).
 * 2. Purge: seeds P expired notes (last changed during 2020) and removes them with a raw `DELETE` in one statement,
 *    or with RetentionService's batched purge (one transaction per batch, subject-index rows included); each on a
 *    freshly seeded and vacuumed table, in the order raw, purge, purge, raw; prints both rates and their ratio.
 *
 * Run by hand, not part of ./dev test (needs the PostgreSQL JDBC driver on the class path), from the repository root:
 *   java -cp ~/.m2/repository/org/postgresql/postgresql/42.7.10/postgresql-42.7.10.jar bench/KnowledgeBench.java \
 *        [notes=100000] [conversations=10000] [queries=500] [purged=100000] [batch=10000]
 */
public class KnowledgeBench {

    // prepareThreshold=1: statements are prepared on the server from their first execution and kept per connection, as
    // the service's pool keeps them (libs/tenancy PreparedStatementPool, ADR 0016).
    static final String URL = "jdbc:postgresql://127.0.0.1:" + env("OUBLI_PG_PORT", "55432") + "/" + env("OUBLI_KNOWLEDGE_DB", "oubli_knowledge")
            + "?prepareThreshold=1";
    static final String USER = env("OUBLI_KNOWLEDGE_DB_APP_USER", "oubli_knowledge_app");
    static final String PASSWORD = env("OUBLI_KNOWLEDGE_DB_APP_PASSWORD", "local-dev-only");
    // VACUUM ANALYZE after seeding, as autovacuum would do in a real deployment: only the owner may (the app role's
    // ANALYZE is skipped with a mere warning, which left the planner without statistics in earlier runs).
    static final String OWNER = env("OUBLI_KNOWLEDGE_DB_OWNER_USER", "oubli_knowledge_owner");
    static final String OWNER_PASSWORD = env("OUBLI_KNOWLEDGE_DB_OWNER_PASSWORD", "local-dev-only");

    /**
     * The statements are read from the service's sources at start (text blocks of SearchService and
     * RetentionService.batchSql), so the bench cannot drift from what the service runs.
     */
    static final Path SERVICE = Path.of("knowledge-service/src/main/java/dev/oubli/knowledge");
    static String setQuery;
    static String search;
    static int candidates;
    /** SearchService's bound on the text a snippet is cut from, read from its source like the query. */
    static int snippetSource;
    static String purgeBatch;

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
        String searchService = Files.readString(SERVICE.resolve("search/SearchService.java"));
        setQuery = textBlock(searchService, "SET_QUERY = ");
        // The restriction filters SearchService formats into its statement (ADR 0039), as SubjectRestrictions writes them.
        search = textBlock(searchService, "SEARCH = ").formatted(notRestricted("s.item_id"),
                notRestricted("(select m.conversation_id from conversation_message m where m.tenant_id = :tenant and m.id = s.item_id)"),
                notRestricted("s.item_id"));
        Matcher cap = Pattern.compile("CANDIDATES = (\\d+);").matcher(searchService);
        candidates = cap.find() ? Integer.parseInt(cap.group(1)) : 1000;
        Matcher snippet = Pattern.compile("SNIPPET_SOURCE_LENGTH = ([\\d_]+);").matcher(searchService);
        snippetSource = snippet.find() ? Integer.parseInt(snippet.group(1).replace("_", "")) : 50_000;
        purgeBatch = textBlock(Files.readString(SERVICE.resolve("retention/RetentionService.java")), "String batchSql(")
                .formatted("note", "updated_at", "NOTE");
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            // The service role's 30-s statement limit (deploy/postgres/bootstrap.sql) is for the service: seeding a million
            // notes in one statement takes longer.
            try (PreparedStatement unlimited = c.prepareStatement("set statement_timeout = 0")) {
                unlimited.execute();
            }
            c.setAutoCommit(false);
            try {
                long seeded = System.nanoTime();
                seedSearchData(c, tenant, notes, conversations);
                System.out.printf("seeded %d notes and %d conversations (%d messages) in %.1f s%n",
                        notes, conversations, conversations * 3, (System.nanoTime() - seeded) / 1e9);
                if (queries > 0) {
                    search(c, tenant, queries);
                }
                if (purged > 0) {
                    purge(c, tenant, purged, batch);
                }
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
        vacuumAnalyze("note", "conversation", "conversation_message", "search_entry");
    }

    static void vacuumAnalyze(String... tables) throws SQLException {
        try (Connection owner = DriverManager.getConnection(URL, OWNER, OWNER_PASSWORD)) {
            for (String table : tables) {
                try (PreparedStatement vacuum = owner.prepareStatement("vacuum analyze " + table)) {
                    vacuum.execute();
                }
            }
        }
    }

    static void search(Connection c, UUID tenant, int queries) throws SQLException {
        for (int i = 0; i < 50; i++) {
            searchOnce(c, tenant, QUERIES.get(i % QUERIES.size()));
        }
        double[] latencies = new double[queries];
        Map<String, List<Double>> byTerm = new TreeMap<>();
        int hits = 0;
        for (int i = 0; i < queries; i++) {
            String query = QUERIES.get(i % QUERIES.size());
            long started = System.nanoTime();
            hits += searchOnce(c, tenant, query);
            latencies[i] = (System.nanoTime() - started) / 1e6;
            byTerm.computeIfAbsent(query, term -> new ArrayList<>()).add(latencies[i]);
        }
        Arrays.sort(latencies);
        byTerm.entrySet().stream()
                .map(term -> Map.entry(term.getKey(), term.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray()))
                .sorted((a, b) -> Double.compare(percentile(b.getValue(), 50), percentile(a.getValue(), 50))).limit(5)
                .forEach(slow -> System.out.printf("  slowest: %s (p50 %.1f ms, max %.1f ms)%n", slow.getKey(),
                        percentile(slow.getValue(), 50), slow.getValue()[slow.getValue().length - 1]));
        System.out.printf("search (%d queries, %d terms, top 20, %.1f hits each on average): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                queries, QUERIES.size(), (double) hits / queries, percentile(latencies, 50), percentile(latencies, 99),
                latencies[latencies.length - 1]);
        System.out.printf(java.util.Locale.ROOT, "BENCH|P7|search p99 ms|%.1f|-|%.1f|<= 50%n", percentile(latencies, 99),
                percentile(latencies, 99));
    }

    /** As knowledge-service's SubjectRestrictions.notRestricted: the item is about no restricted subject. */
    static String notRestricted(String itemId) {
        return "not exists (select 1 from subject_index si join subject_restriction r on r.tenant_id = si.tenant_id"
                + " and r.identifier = si.identifier where si.tenant_id = :tenant and si.item_type in ('NOTE', 'CONVERSATION')"
                + " and si.item_id = " + itemId + ")";
    }

    static int searchOnce(Connection c, UUID tenant, String query) throws SQLException {
        setTenant(c, tenant);
        Map<String, Object> parameters = Map.of("q", query, "tenant", tenant, "limit", 20, "candidates", candidates,
                "snippetSource", snippetSource);
        try (PreparedStatement set = prepare(c, setQuery, parameters)) {
            set.execute();
        }
        int hits = 0;
        try (PreparedStatement statement = prepare(c, search, parameters); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                hits++;
            }
        }
        c.commit();
        return hits;
    }

    /**
     * Raw DELETE and retention purge of the same rows, each on a freshly seeded and vacuumed table (so that neither
     * walks the other's dead rows), twice in alternating order (raw, purge, purge, raw) against the machine's drift.
     */
    static void purge(Connection c, UUID tenant, int rows, int batch) throws SQLException {
        Timestamp cutoff = Timestamp.from(Instant.parse("2021-01-01T00:00:00Z"));
        double rawSeconds = 0;
        double purgeSeconds = 0;
        long raw = 0;
        long batched = 0;
        for (String method : List.of("raw", "purge", "purge", "raw")) {
            seedExpired(c, tenant, rows);
            long started = System.nanoTime();
            if (method.equals("raw")) {
                raw += inTenant(c, tenant, "delete from note where tenant_id = ? and updated_at < ?", tenant, cutoff);
                rawSeconds += (System.nanoTime() - started) / 1e9;
            } else {
                batched += purgeInBatches(c, tenant, cutoff, batch);
                purgeSeconds += (System.nanoTime() - started) / 1e9;
            }
            System.out.printf("  %s: %.2f s%n", method, (System.nanoTime() - started) / 1e9);
        }
        System.out.printf("raw DELETE: %d rows in %.2f s = %.0f rows/s%n", raw, rawSeconds, raw / rawSeconds);
        System.out.printf("retention purge (batches of %d): %d rows in %.2f s = %.0f rows/s%n", batch, batched, purgeSeconds, batched / purgeSeconds);
        System.out.printf("purge time / raw DELETE time: %.2f (goal <= 1.5)%n", purgeSeconds / rawSeconds);
        System.out.printf(java.util.Locale.ROOT, "BENCH|P4|retention purge vs raw DELETE, s|%.2f|%.2f|%.2f|<= 1.5%n",
                purgeSeconds, rawSeconds, purgeSeconds / rawSeconds);
    }

    /** Notes last changed during 2020, one a minute on average, older ones first as a real table fills up. */
    static void seedExpired(Connection c, UUID tenant, int rows) throws SQLException {
        inTenant(c, tenant, """
                insert into note (tenant_id, id, title, body, created_at, updated_at)
                select ?, ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'Ancienne note ' || g,
                       'Compte rendu numéro ' || g || ' du rendez-vous client', t, t
                from generate_series(1, ?) g, lateral (select timestamptz '2020-01-01' + (g + random()) * interval '1 minute' as t) a""",
                tenant, rows);
        vacuumAnalyze("note", "search_entry");
    }

    static long purgeInBatches(Connection c, UUID tenant, Timestamp cutoff, int batch) throws SQLException {
        long total = 0;
        Map<String, Object> parameters = Map.of("tenant", tenant, "cutoff", cutoff, "batch", batch);
        while (true) {
            setTenant(c, tenant);
            long deleted;
            try (PreparedStatement statement = prepare(c, purgeBatch, parameters); ResultSet count = statement.executeQuery()) {
                count.next();
                deleted = count.getLong(1);
            }
            c.commit();
            total += deleted;
            if (deleted < batch) {
                return total;
            }
        }
    }

    /** The text block that follows {@code marker} in a Java source, as the compiler reads it. */
    static String textBlock(String source, String marker) {
        int start = source.indexOf("\"\"\"", source.indexOf(marker)) + 3;
        String block = source.substring(source.indexOf('\n', start) + 1, source.indexOf("\"\"\"", start));
        return block.stripIndent().translateEscapes();
    }

    /** A statement with named parameters (:name, as Hibernate takes them) prepared for JDBC. */
    static PreparedStatement prepare(Connection c, String sql, Map<String, Object> values) throws SQLException {
        Matcher names = Pattern.compile("(?<![:\\w]):(\\w+)").matcher(sql);
        List<Object> parameters = new ArrayList<>();
        StringBuilder jdbc = new StringBuilder();
        while (names.find()) {
            if (!values.containsKey(names.group(1))) {
                throw new IllegalArgumentException("no value for :" + names.group(1));
            }
            parameters.add(values.get(names.group(1)));
            names.appendReplacement(jdbc, "?");
        }
        names.appendTail(jdbc);
        PreparedStatement statement = c.prepareStatement(jdbc.toString());
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    static void cleanUp(Connection c, UUID tenant) throws SQLException {
        c.rollback();
        for (String table : List.of("conversation", "note", "document", "subject_index")) { // search_entry follows by trigger
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

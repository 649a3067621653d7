package dev.oubli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The local platform of ./dev seen from outside: its databases and Kafka's files on disk. */
public final class Platform {

    /** The local cluster's superuser password (./dev); local development only. */
    private static final String SUPERUSER_PASSWORD = "local-dev-only";

    private Platform() {
    }

    /** Runs SQL as the cluster's superuser in a database of the platform; returns the rows, fields separated by '|'. */
    public static String psql(String database, String sql) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(psql(), "-h", "127.0.0.1", "-p", pgPort(), "-U", "postgres", "-d", database,
                "-At", "-v", "ON_ERROR_STOP=1", "-f", "-").redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", SUPERUSER_PASSWORD);
        Process process = builder.start();
        try (var in = process.getOutputStream()) { // on standard input: a statement may list thousands of ids
            in.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed in " + database + ": " + output);
        }
        return output;
    }

    static List<String> databases() throws IOException, InterruptedException {
        String names = run(psql(), "-h", "127.0.0.1", "-p", pgPort(), "-U", "postgres", "-d", "postgres", "-At",
                "-c", "select datname from pg_database where datname like 'oubli%' order by 1");
        return Arrays.stream(names.split("\n")).filter(name -> !name.isBlank()).toList();
    }

    /** A plain-SQL dump of a whole database, data included. */
    static String pgDump(String database) throws IOException, InterruptedException {
        return run(tool("pg_dump"), "-h", "127.0.0.1", "-p", pgPort(), "-U", "postgres", "--no-owner", database);
    }

    /** Every file of the broker's log directories: segments, indexes, snapshots. */
    static List<Path> kafkaLogFiles() throws IOException {
        Path data = Suite.ROOT.resolve(".dev/kafka/data");
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static String psql() {
        return tool("psql");
    }

    private static String tool(String name) {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin").resolve(name))
                    .filter(Files::isExecutable)
                    .max(Comparator.naturalOrder())
                    .map(Path::toString)
                    .orElse(name);
        } catch (IOException noServerPackage) {
            return name;
        }
    }

    private static String pgPort() {
        return Suite.env("OUBLI_PG_PORT", "55432");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", SUPERUSER_PASSWORD);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}

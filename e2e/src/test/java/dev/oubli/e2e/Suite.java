package dev.oubli.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The running suite under test: the four service jars of this build, started once per test run on free
 * ports against the platform of ./dev (PostgreSQL, Kafka, Keycloak), with their test databases, and
 * stopped when the run ends. Started lazily, by the first test that asks for a URL.
 */
public final class Suite implements LauncherSessionListener {

    public static final Path ROOT = Path.of(System.getProperty("oubli.root", "..")).toAbsolutePath().normalize();
    public static final List<String> DATABASE_SERVICES = List.of("contacts-service", "knowledge-service", "privacy-service");

    private static final Path LOGS = ROOT.resolve("e2e/target/suite-logs");
    /** Where the suite's privacy-service writes mails and text messages (mail/, sms/), one file each. */
    public static final Path OUTBOX = ROOT.resolve("e2e/target/suite-outbox");
    /** How long a service may take to be ready; {@code -Doubli.e2e.start-timeout=PT10M} on a loaded machine. */
    private static final Duration START_TIMEOUT = Duration.parse(System.getProperty("oubli.e2e.start-timeout", "PT3M"));
    private static Map<String, Process> processes;
    private static Map<String, URI> urls;

    /** Base URL of a service of the suite: contacts-service, knowledge-service, privacy-service or gateway. */
    public static synchronized URI url(String service) {
        if (urls == null) {
            start();
        }
        URI url = urls.get(service);
        if (url == null) {
            throw new IllegalArgumentException("no such service in the suite: " + service);
        }
        return url;
    }

    public static URI keycloak() {
        return URI.create("http://127.0.0.1:" + env("OUBLI_KEYCLOAK_PORT", "58080"));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        stop();
    }

    private static void start() {
        urls = new LinkedHashMap<>();
        processes = new LinkedHashMap<>();
        Runtime.getRuntime().addShutdownHook(new Thread(Suite::stop));
        try {
            Files.createDirectories(LOGS);
            try (var old = Files.list(LOGS)) {
                for (Path log : old.toList()) {
                    Files.delete(log);
                }
            }
            for (String service : DATABASE_SERVICES) {
                urls.put(service, URI.create("http://127.0.0.1:" + freePort()));
            }
            urls.put("gateway", URI.create("http://127.0.0.1:" + freePort()));
            urls.put("web", URI.create("http://127.0.0.1:" + freePort()));
            for (String service : urls.keySet()) {
                launch(service);
            }
            for (String service : urls.keySet()) {
                awaitReady(service);
            }
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("could not start the suite", e);
        }
    }

    /** Stops one service of the suite, as a crash would (SIGKILL): nothing of it runs any more. */
    public static synchronized void kill(String service) throws InterruptedException {
        url(service);
        Process process = processes.get(service);
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Starts a service stopped by {@link #kill} again, on the same port, and waits until it is ready. The wait holds no
     * lock: the test's other threads go on calling {@link #url} meanwhile (R1 at 10,000 on 5 Dec: no erasure submitted
     * during the 148 s of contacts-service's restart while it did).
     */
    public static void restart(String service) throws IOException {
        synchronized (Suite.class) {
            url(service);
            launch(service);
        }
        awaitReady(service);
    }

    /** The log file of a service of the suite. */
    public static Path log(String service) {
        return LOGS.resolve(service + ".log");
    }

    private static void launch(String service) throws IOException {
        Path jar = ROOT.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the e2e module runs after the services are packaged");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + urls.get(service).getPort(),
                // The gateway's management interface (metrics): any free port, beside a gateway ./dev up started.
                "-Dquarkus.management.port=0",
                "-Doubli.gateway.contacts-service=" + urls.get("contacts-service"),
                "-Doubli.gateway.knowledge-service=" + urls.get("knowledge-service"),
                "-Doubli.gateway.privacy-service=" + urls.get("privacy-service"),
                "-Doubli.gateway.web-service=" + urls.get("web"),
                // knowledge-service verifies an agent's pre-contact check with privacy-service (ADR 0048).
                "-Doubli.knowledge.privacy-service-url=" + urls.get("privacy-service"),
                // One client with a tiny budget of its own, used by GatewayEdgeIT alone (no other test signs in as
                // tom), so that its 429 never limits another test (ADR 0049).
                "-Doubli.gateway.rate-limits.clients.tom.client-per-minute=" + GatewayEdgeIT.LIMITED_CLIENT_PER_MINUTE,
                "-Doubli.web.gateway-url=" + urls.get("gateway"),
                // A tenant's status in the registry kept 1 s at the gateway (30 s by default): TenantPurgeIT sees a purge
                // take effect at the edge at once (ADR 0058).
                "-Doubli.gateway.tenant-status.ttl=1s"));
        // Consumer groups of their own: a suite started by ./dev up never takes the tests' events.
        consumerGroups(service).forEach((key, group) -> command.add("-D" + key + "=e2e-" + group));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOGS.resolve(service + ".log").toFile()));
        // The suite uses the test databases, so ./dev up's data stays as the user left it.
        builder.environment().put("OUBLI_CONTACTS_DB", "oubli_contacts_test");
        builder.environment().put("OUBLI_KNOWLEDGE_DB", "oubli_knowledge_test");
        builder.environment().put("OUBLI_PRIVACY_DB", "oubli_privacy_test");
        // Self-service codes as files the browser tests read (web/), never the mailer.
        builder.environment().put("OUBLI_LOCAL_OUTBOX", OUTBOX.toString());
        localDevSecrets().forEach(builder.environment()::putIfAbsent);
        // Each service as its own Kafka user, with its ACLs (ADR 0033); the gateway and web use no Kafka.
        String kafkaPassword = kafkaUsers().getProperty(service);
        if (kafkaPassword != null) {
            builder.environment().put("OUBLI_KAFKA_USERNAME", service);
            builder.environment().put("OUBLI_KAFKA_PASSWORD", kafkaPassword);
        }
        processes.put(service, builder.start());
    }

    /** {@code mp.messaging.incoming.<channel>.group.id} to group, as the service configures them. */
    private static Map<String, String> consumerGroups(String service) throws IOException {
        Properties config = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            config.load(in);
        }
        Map<String, String> groups = new TreeMap<>();
        config.stringPropertyNames().stream()
                .filter(key -> key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id"))
                .forEach(key -> groups.put(key, config.getProperty(key)));
        return groups;
    }

    /** The local broker's SCRAM users and their dev-only passwords (deploy/kafka/local-users.properties). */
    private static Properties kafkaUsers() throws IOException {
        Properties users = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("deploy/kafka/local-users.properties"))) {
            users.load(in);
        }
        return users;
    }

    /**
     * The settings of the tests' own Kafka clients: the local broker as its super user (they read every topic),
     * then {@code settings}.
     */
    public static Map<String, Object> kafkaClient(Map<String, Object> settings) {
        Map<String, Object> all = new java.util.HashMap<>();
        try {
            all.put("bootstrap.servers", "127.0.0.1:" + env("OUBLI_KAFKA_PORT", "59092"));
            all.put("security.protocol", "SASL_PLAINTEXT");
            all.put("sasl.mechanism", "SCRAM-SHA-512");
            all.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"oubli-admin\" password=\""
                    + kafkaUsers().getProperty("oubli-admin") + "\";");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        all.putAll(settings);
        return all;
    }

    /** The local platform's secrets, as ./dev exports them (deploy/local-dev.env). */
    private static Map<String, String> localDevSecrets() throws IOException {
        Properties secrets = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("deploy/local-dev.env"))) {
            secrets.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        secrets.stringPropertyNames().forEach(name -> values.put(name, secrets.getProperty(name)));
        return values;
    }

    private static void awaitReady(String service) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(urls.get(service).resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!processes.get(service).isAlive()) {
                throw new IllegalStateException(service + " exited while starting; see " + LOGS.resolve(service + ".log"));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(500));
        }
        throw new IllegalStateException(service + " not ready after " + START_TIMEOUT + "; see " + LOGS.resolve(service + ".log"));
    }

    private static synchronized void stop() {
        if (processes == null) {
            return;
        }
        processes.values().forEach(Process::destroy);
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes = null;
        urls = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

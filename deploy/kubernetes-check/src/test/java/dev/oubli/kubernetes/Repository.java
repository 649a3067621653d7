package dev.oubli.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the Oubli repository this module checks, found from the module's directory. */
final class Repository {

    static final Path ROOT = findRoot();
    static final Path KUSTOMIZE = ROOT.resolve("deploy/kubernetes");
    static final Path TOPICS = ROOT.resolve("deploy/kafka/topics.properties");
    static final Path ROOT_POM = ROOT.resolve("pom.xml");
    static final Path EVENTS = ROOT.resolve("docs/events.md");
    static final Path DEV_REALM = ROOT.resolve("deploy/keycloak/oubli-realm.json");
    static final Path TOPIC_CONSTANTS = ROOT.resolve("libs/events/src/main/java/dev/oubli/events/Topics.java");

    private Repository() {
    }

    /** A service's (or web's) application.properties, by its folder = artifactId = Deployment name. */
    static Path applicationProperties(String module) {
        return ROOT.resolve(module).resolve("src/main/resources/application.properties");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/kubernetes above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}

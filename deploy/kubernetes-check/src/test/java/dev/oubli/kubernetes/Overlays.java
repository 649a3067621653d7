package dev.oubli.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The overlays of deploy/kubernetes, rendered once per run, and the sources of truth the rules compare them with. */
final class Overlays {

    static final List<String> SERVICES = List.of("contacts-service", "knowledge-service", "privacy-service");
    static final List<String> MODULES = List.of("contacts-service", "knowledge-service", "privacy-service", "gateway", "web");
    static final Schemas SCHEMAS = new Schemas();

    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static List<String> names() {
        try (Stream<Path> overlays = Files.list(Repository.KUSTOMIZE.resolve("overlays"))) {
            return overlays.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> Kustomize.render(Repository.KUSTOMIZE.resolve("overlays").resolve(name)));
    }

    static Map<String, String> moduleProperties() {
        return ProjectRules.readModules(MODULES);
    }

    static Map<String, String> serviceProperties() {
        return ProjectRules.readModules(SERVICES);
    }

    static String topicsProperties() {
        return Repository.read(Repository.TOPICS);
    }

    static Set<String> topicsTheCodeUses() {
        return ProjectRules.topicsTheCodeUses(Repository.read(Repository.TOPIC_CONSTANTS), moduleProperties().values());
    }
}

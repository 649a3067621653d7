package dev.oubli.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize directory with {@code kubectl kustomize}, as {@code kubectl apply -k} would. The kubectl is
 * the one on the PATH (./dev installs Debian's kubernetes-client when there is none), or {@code OUBLI_KUBECTL}.
 * The manifests are written for Kustomize 2.0.3 (Debian 12's kubectl 1.20) and later.
 */
final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();

    private Kustomize() {
    }

    static List<JsonNode> render(Path directory) {
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl(), "kustomize", directory.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + directory + " took over 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + directory + " failed: "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                List<JsonNode> objects = new ArrayList<>();
                try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(out.toFile())) {
                    while (documents.hasNext()) {
                        JsonNode document = documents.next();
                        if (document != null && !document.isNull() && !document.isMissingNode()) {
                            objects.add(document);
                        }
                    }
                }
                return objects;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String kubectl() {
        String configured = System.getenv("OUBLI_KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("kubectl not found on the PATH: ./dev test installs Debian's kubernetes-client"
                + " (apt-get install kubernetes-client), or set OUBLI_KUBECTL");
    }
}

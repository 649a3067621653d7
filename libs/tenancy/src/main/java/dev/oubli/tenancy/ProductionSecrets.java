package dev.oubli.tenancy;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A production service refuses to start, rather than fail at first use or run on public values, when a database
 * password is the local default ({@code local-dev-only}), or a secret ({@code oubli.*secret}: base64 of 32 bytes or
 * more) or a Tink keyset ({@code oubli.*keyset}: base64 JSON) is malformed or is the value the dev or test profile
 * uses. The messages name the property, never its value. The local platform (./dev, e2e) runs the production build
 * with local values: it says so with {@code OUBLI_LOCAL_PLATFORM=true} (deploy/local-dev.env).
 */
@ApplicationScoped
@IfBuildProfile("prod")
class ProductionSecrets {

    private static final Logger LOG = Logger.getLogger(ProductionSecrets.class);

    static final String LOCAL_PASSWORD = "local-dev-only";
    private static final Pattern PASSWORD = Pattern.compile("quarkus\\.datasource\\.(\"[^\"]+\"\\.|[^.]+\\.)?password");
    private static final Pattern SECRET = Pattern.compile("oubli\\.(?!local-dev-)[a-z0-9.-]*secret");
    private static final Pattern KEYSET = Pattern.compile("oubli\\.(?!local-dev-)[a-z0-9.-]*keyset");

    void refuseLocalOrMalformedSecrets(@Observes StartupEvent start, Config config) {
        if (config.getOptionalValue("oubli.local-platform", Boolean.class).orElse(false)) {
            LOG.warn("oubli.local-platform is set: local-development secrets are accepted. Never in production.");
            return;
        }
        List<String> faults = faults(config);
        if (!faults.isEmpty()) {
            throw new IllegalStateException("Refusing to start with these secrets: " + String.join("; ", faults));
        }
    }

    /** What is wrong with the secrets this configuration holds, one line per property; empty when nothing is. */
    static List<String> faults(Config config) {
        List<String> faults = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        config.getPropertyNames().forEach(names::add);
        for (String name : names) {
            boolean password = PASSWORD.matcher(name).matches();
            boolean secret = SECRET.matcher(name).matches();
            boolean keyset = KEYSET.matcher(name).matches();
            if (!password && !secret && !keyset) {
                continue;
            }
            String value = config.getOptionalValue(name, String.class).orElse("").strip();
            if (value.isEmpty() || value.equals(LOCAL_PASSWORD) || isDevelopmentValue(config, name, value)) {
                faults.add(name + " is empty or a local-development value");
            } else if (secret && !isSecret(value)) {
                faults.add(name + " is not base64 of 32 bytes or more");
            } else if (keyset && !isKeyset(value)) {
                faults.add(name + " is not a base64 Tink JSON keyset");
            }
        }
        return faults;
    }

    private static boolean isDevelopmentValue(Config config, String name, String value) {
        for (String profile : List.of("%dev.", "%test.")) {
            Optional<String> local = config.getOptionalValue(profile + name, String.class);
            if (local.isPresent() && local.get().strip().equals(value)) {
                return true;
            }
        }
        return decoded(value).map(text -> new String(text, StandardCharsets.ISO_8859_1).contains(LOCAL_PASSWORD)).orElse(false);
    }

    private static boolean isSecret(String value) {
        return decoded(value).map(bytes -> bytes.length >= 32).orElse(false);
    }

    private static boolean isKeyset(String value) {
        return decoded(value).map(bytes -> new String(bytes, StandardCharsets.UTF_8).strip())
                .map(json -> json.startsWith("{") && json.contains("\"primaryKeyId\"") && json.contains("\"key\""))
                .orElse(false);
    }

    private static Optional<byte[]> decoded(String value) {
        try {
            return Optional.of(Base64.getDecoder().decode(value));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}

package dev.oubli.gateway.routing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's routing table says what ServiceRoutes routes: a route added to one and not the other fails here. */
class RoutesReadmeTest {

    static final Pattern ROW = Pattern.compile("^\\| (`/.*`) \\| (contacts-service|knowledge-service|privacy-service) \\|$");
    static final Pattern PATH = Pattern.compile("`(/[^`*]*?)(/\\*\\*)?`");

    @Test
    void theReadmesRoutingTableListsEveryPrefixOfEveryService() throws IOException {
        Map<String, TreeSet<String>> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                Matcher path = PATH.matcher(row.group(1));
                while (path.find()) {
                    documented.computeIfAbsent(row.group(2), service -> new TreeSet<>()).add(path.group(1));
                }
            }
        }
        GatewayConfig config = new GatewayConfig() {
            public URI contactsService() { return URI.create("http://contacts-service"); }
            public URI knowledgeService() { return URI.create("http://knowledge-service"); }
            public URI privacyService() { return URI.create("http://privacy-service"); }
        };
        Map<String, TreeSet<String>> routed = new TreeMap<>();
        ServiceRoutes.prefixes(config).forEach((base, paths) -> routed.put(URI.create(base).getHost(), new TreeSet<>(paths)));

        assertThat(documented).isEqualTo(routed);
        assertThat(routed.values().stream().mapToInt(TreeSet::size).sum()).isPositive();
    }
}

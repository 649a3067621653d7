package dev.oubli.gateway.routing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's routing table says exactly what {@link RouteTable} routes, field by field: a route added, removed or
 * changed in one and not the other fails here.
 */
class RoutesReadmeTest {

    /** A route as the README writes it. */
    static String row(Route route) {
        return "| `" + route.prefix() + "/**` | " + route.service().label() + " | " + access(route) + " | "
                + size(route.bodyLimit()) + (route.streaming() ? ", streamed" : "") + " | "
                + times(route.timeouts()) + " | " + rate(route) + " |";
    }

    private static String times(Route.Timeouts timeouts) {
        return timeouts.connect().toSeconds() + " s / " + timeouts.answer().toSeconds() + " s / "
                + timeouts.idle().toSeconds() + " s";
    }

    private static String access(Route route) {
        return switch (route.access()) {
            case TENANT_TOKEN -> "token with tenant";
            case TOKEN -> "token, tenant optional";
            case PUBLIC -> "public";
        };
    }

    private static String rate(Route route) {
        return route.rateClass() == Route.RateClass.TENANT ? "tenant, client" : "client address";
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return (bytes >> 30) + " GiB";
        }
        return bytes >= 1L << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " kB";
    }

    @Test
    void theReadmesRoutingTableSaysWhatTheRoutingTableRoutesFieldByField() throws IOException {
        List<String> documented = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("| `/"))
                .toList();
        List<String> routed = RouteTable.ROUTES.stream().map(RoutesReadmeTest::row).toList();

        assertThat(documented).containsExactlyElementsOf(routed);
        assertThat(routed).hasSizeGreaterThan(20);
    }

    @Test
    void theWebPagesOfTheSharedContractAreRoutedToTheWebModuleInPublic() {
        for (String path : List.of("/portal", "/portal/requests", "/console", "/console/x", "/web-assets/app.js")) {
            assertThat(RouteTable.find(path)).get()
                    .extracting(Route::service, Route::access)
                    .containsExactly(Route.Service.WEB, Route.Access.PUBLIC);
        }
        assertThat(RouteTable.find("/portalX")).isEmpty();
        assertThat(RouteTable.find("/api/tenants").orElseThrow().access()).isEqualTo(Route.Access.TOKEN);
    }
}

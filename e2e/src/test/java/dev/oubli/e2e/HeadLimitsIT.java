package dev.oubli.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request line or headers too long for the gateway or a service get a problem on a connection that carries the
 * next request (ADR 0055). Before, the HTTP codec answered an empty 414 and closed the connection without saying
 * so: a pooled client sent its next request on it and got no answer (MalformedInputIT saw it as an IOException on
 * whichever POST came next).
 */
class HeadLimitsIT {

    private static final String HEALTH = "/q/health/live";

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "contacts-service", "knowledge-service", "privacy-service"})
    void aTooLongTargetIsAProblemAndTheConnectionCarriesTheNextRequest(String service) throws IOException {
        try (Connection connection = new Connection(Suite.url(service))) {
            Answer refused = connection.exchange("GET", "/api/contacts?q=" + "q".repeat(10_000), Map.of());
            assertThat(refused.status()).isEqualTo(414);
            assertThat(refused.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(refused.body()).contains("\"status\":414");
            assertThat(refused.headers().getOrDefault("connection", "")).doesNotContainIgnoringCase("close");

            assertThat(connection.exchange("GET", HEALTH, Map.of()).status()).as("the next request on the same connection")
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "contacts-service", "knowledge-service", "privacy-service"})
    void tooLargeHeadersAreAProblemAndTheConnectionCarriesTheNextRequest(String service) throws IOException {
        try (Connection connection = new Connection(Suite.url(service))) {
            Answer refused = connection.exchange("POST", "/api/contacts", Map.of("X-Padding", "p".repeat(40_000),
                    "Content-Type", "application/json", "Content-Length", "2"), "{}");
            assertThat(refused.status()).isEqualTo(431);
            assertThat(refused.headers().get("content-type")).startsWith("application/problem+json");

            assertThat(connection.exchange("GET", HEALTH, Map.of()).status()).as("the next request on the same connection")
                    .isEqualTo(200);
        }
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    /** One keep-alive HTTP/1.1 connection, written and read by hand so that what the server does to it is seen. */
    private static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String host;

        Connection(URI base) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            host = base.getHost() + ":" + base.getPort();
        }

        Answer exchange(String method, String target, Map<String, String> headers) throws IOException {
            return exchange(method, target, headers, "");
        }

        Answer exchange(String method, String target, Map<String, String> headers, String body) throws IOException {
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("\r\n").append(body).toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = line();
            assertThat(statusLine).as("an answer on this connection").startsWith("HTTP/1.1 ");
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                answerHeaders.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(answerHeaders.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                    content.write(in.readNBytes(size));
                    line();
                }
                line();
            } else {
                content.write(in.readNBytes(Integer.parseInt(answerHeaders.getOrDefault("content-length", "0"))));
            }
            return new Answer(Integer.parseInt(statusLine.substring(9, 12)), answerHeaders,
                    content.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("connection closed by the server");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

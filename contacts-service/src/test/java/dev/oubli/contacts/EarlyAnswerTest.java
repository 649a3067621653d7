package dev.oubli.contacts;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer given before the request's body is read (a refused query parameter, a declared body over the limit)
 * reaches the client: the service reads and discards the rest of the body before it lets the connection go. It used
 * to close the connection with the body unread, and the client (or the gateway) then saw a reset connection instead
 * of the answer, about one time in three.
 */
@QuarkusTest
class EarlyAnswerTest {

    static final UUID TENANT = UUID.randomUUID();
    static final int ATTEMPTS = 24;

    @TestHTTPResource("/")
    URL root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aRefusedQueryParameterOfAnImportOfThreeMegabytesReachesEveryClientAsA400() throws Exception {
        List<String> answers = sendConcurrently("api/contact-imports?lawfulBasis=CONTRACT&consentChannels=%C3%28%FF", "text/csv",
                3 * 1024 * 1024);

        assertThat(answers).hasSize(ATTEMPTS).containsOnly("400 application/problem+json");
    }

    @Test
    void aJsonBodyDeclaredOverTheLimitReachesEveryClientAsA413() throws Exception {
        List<String> answers = sendConcurrently("api/contacts", "application/json", 3 * 1024 * 1024);

        assertThat(answers).hasSize(ATTEMPTS).containsOnly("413 application/problem+json");
    }

    @Test
    void anImportFarLargerThanWhatIsDrainedStillGetsItsAnswer() throws Exception {
        HttpResponse<String> response = http.send(request("api/contact-imports?lawfulBasis=NOPE", "text/csv", 40 * 1024 * 1024),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("lawfulBasis");
    }

    @Test
    void aConnectionAnsweredBeforeItsBodyWasReadCarriesTheNextRequest() throws Exception {
        int size = 3 * 1024 * 1024;
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("POST /api/contact-imports?lawfulBasis=NOPE", "text/csv", size));
            out.write(new byte[size]);
            out.flush();
            InputStream in = socket.getInputStream();
            String first = answer(in);
            assertThat(first).startsWith("HTTP/1.1 400").doesNotContainIgnoringCase("connection: close");

            out.write(head("POST /api/contact-imports?lawfulBasis=NOPE", "text/csv", 2));
            out.write("x\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(answer(in)).startsWith("HTTP/1.1 400");
        }
    }

    private static byte[] head(String requestLine, String contentType, int length) {
        return (requestLine + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.forTenant(TENANT, "contacts-editor")
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** One HTTP/1.1 answer with a Content-Length, its head and body as text. */
    private static String answer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
    }

    /** Each attempt's status and content type, or the exception that took its place. */
    private List<String> sendConcurrently(String target, String contentType, int size) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < ATTEMPTS; i++) {
                sent.add(pool.submit(() -> {
                    try {
                        HttpResponse<Void> response = http.send(request(target, contentType, size), HttpResponse.BodyHandlers.discarding());
                        return response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("");
                    } catch (IOException e) {
                        return e.toString();
                    }
                }));
            }
            List<String> answers = new ArrayList<>();
            for (Future<String> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpRequest request(String target, String contentType, int size) {
        return HttpRequest.newBuilder(URI.create(root + target))
                .header("Authorization", "Bearer " + TestTokens.forTenant(TENANT, "contacts-editor"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size]))
                .build();
    }
}

package dev.oubli.gateway.routing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Services that answer before reading a request's body, as Vert.x servers do (the services behind the gateway are
 * Quarkus, on Vert.x): contacts-service answers 400 at once and keeps the connection (the unread rest of the body is
 * thrown away as it arrives, as contacts-service's drain does); privacy-service answers 400 at once with
 * {@code Connection: close}, so its connection closes with the body unread (as a service without a drain does);
 * knowledge-service sends the head of a 400 and then resets its connection before the body (what a peer's TCP stack
 * does to the rest of an answer when the service closes with a request body unread).
 */
public class HastyUpstream implements QuarkusTestResourceLifecycleManager {

    static final String EARLY_ANSWER = "{\"type\":\"https://oubli.dev/problems/invalid-parameter\",\"status\":400}";

    private Vertx vertx;
    private ServerSocket resetting;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int keeping = serve(false);
        int closing = serve(true);
        int resetting = resetAfterTheHead();
        return Map.of(
                "oubli.gateway.contacts-service", "http://127.0.0.1:" + keeping,
                "oubli.gateway.knowledge-service", "http://127.0.0.1:" + resetting,
                "oubli.gateway.privacy-service", "http://127.0.0.1:" + closing,
                "oubli.gateway.web-service", "http://127.0.0.1:" + keeping,
                // EarlyAnswerTest sends a few hundred requests from one client and one address in a few seconds.
                "oubli.gateway.rate-limits.address-per-minute", "1000000",
                "oubli.gateway.rate-limits.client-per-minute", "1000000",
                "oubli.gateway.rate-limits.tenant-per-minute", "1000000");
    }

    private int serve(boolean close) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        server.requestHandler(request -> {
            var response = request.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json");
            if (close) {
                response.putHeader("Connection", "close");
            }
            response.end(EARLY_ANSWER);
        });
        try {
            return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int resetAfterTheHead() {
        try {
            resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!resetting.isClosed()) {
                try {
                    Socket socket = resetting.accept();
                    Thread worker = new Thread(() -> answerTheHeadAndReset(socket));
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return resetting.getLocalPort();
    }

    private static void answerTheHeadAndReset(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int next = in.read();
                if (next < 0) {
                    return;
                }
                matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : (next == '\r' ? 1 : 0);
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: "
                    + EARLY_ANSWER.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(20);
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // the gateway went away first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        vertx.close();
        try {
            resetting.close();
        } catch (IOException e) {
            // closed already
        }
    }
}

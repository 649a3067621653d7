package dev.oubli.gateway.routing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Services that misbehave, on raw sockets: contacts-service answers 400 as soon as it has read a request's head and
 * never reads its body, then closes the connection half a second later (at once when the query ends with &then=close); knowledge-service accepts and never answers;
 * privacy-service closes the connection without a word; the web module is not listening at all.
 */
public class MisbehavingUpstream implements QuarkusTestResourceLifecycleManager {

    static final String EARLY_ANSWER = "{\"type\":\"https://oubli.dev/problems/invalid-parameter\",\"status\":400}";

    final List<ServerSocket> servers = new ArrayList<>();
    final List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public Map<String, String> start() {
        int unused;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "oubli.gateway.contacts-service", serve(this::answerBeforeReadingTheBody),
                "oubli.gateway.knowledge-service", serve(held::add),
                "oubli.gateway.privacy-service", serve(this::closeAfterTheHead),
                "oubli.gateway.web-service", "http://127.0.0.1:" + unused,
                "oubli.gateway.routes.\"/api/search\".timeout", "1s");
    }

    @Override
    public void stop() {
        for (ServerSocket server : servers) {
            close(server);
        }
        synchronized (held) {
            held.forEach(MisbehavingUpstream::close);
        }
    }

    private void answerBeforeReadingTheBody(Socket socket) {
        try {
            boolean closeAtOnce = readHead(socket.getInputStream()).contains("&then=close ");
            byte[] body = EARLY_ANSWER.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            if (!closeAtOnce) {
                Thread.sleep(500);
            }
        } catch (IOException e) {
            // the gateway went away first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(socket);
        }
    }

    private void closeAfterTheHead(Socket socket) {
        try {
            readHead(socket.getInputStream());
        } catch (IOException e) {
            // closed below either way
        } finally {
            close(socket);
        }
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
        return head.toString();
    }

    String serve(java.util.function.Consumer<Socket> behaviour) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            servers.add(server);
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread worker = new Thread(() -> behaviour.accept(socket));
                        worker.setDaemon(true);
                        worker.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            return "http://127.0.0.1:" + server.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void close(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // already closed
        }
    }
}

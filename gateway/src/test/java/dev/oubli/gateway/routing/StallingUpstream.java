package dev.oubli.gateway.routing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Services that stall, for the per-route times: contacts-service's connections never open (a listening socket whose
 * queue of pending connections is full: the kernel drops further connection attempts unanswered); knowledge-service
 * starts an answer and falls silent in its middle; privacy-service answers after 1.5 s of silence.
 */
public class StallingUpstream extends MisbehavingUpstream {

    static final String PARTIAL_BODY = "[";

    /** Started after the module's global {@link RecordingUpstream}, so that these services replace its. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "oubli.gateway.contacts-service", neverOpening(),
                "oubli.gateway.knowledge-service", serve(this::fallSilentMidAnswer),
                "oubli.gateway.privacy-service", serve(StallingUpstream::answerAfterASilence),
                "oubli.gateway.routes.\"/api/contacts\".connect-timeout", "500ms",
                "oubli.gateway.routes.\"/api/notes\".idle-timeout", "1s",
                "oubli.gateway.routes.\"/api/privacy-requests\".idle-timeout", "500ms");
    }

    /** A listener that never accepts, its queue filled by connections held here. */
    private String neverOpening() {
        try {
            ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            servers.add(server);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            for (int i = 0; i < 16; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(address, 300);
                    held.add(filler);
                } catch (SocketTimeoutException full) {
                    close(filler);
                    return "http://127.0.0.1:" + server.getLocalPort();
                }
            }
            throw new IllegalStateException("the kernel kept accepting connections on a listener that never accepts");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fallSilentMidAnswer(Socket socket) {
        held.add(socket);
        try {
            readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "1\r\n" + PARTIAL_BODY + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            close(socket);
        }
    }

    private static void answerAfterASilence(Socket socket) {
        try {
            readHead(socket.getInputStream());
            Thread.sleep(1_500);
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // the gateway went away first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(socket);
        }
    }
}

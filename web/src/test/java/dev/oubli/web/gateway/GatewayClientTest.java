package dev.oubli.web.gateway;

import dev.oubli.web.WebConfig;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayClientTest {

    /** A gateway that accepts the connection and never answers: the page must get a 503, not a 500 error page. */
    @Test
    void aGatewayThatDoesNotAnswerInTimeIsAnUnavailableAnswerNotAFailure() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread accepter = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (Exception closed) {
                    // the test is over
                }
            });
            accepter.setDaemon(true);
            accepter.start();
            GatewayClient client = new GatewayClient(vertx, config("http://127.0.0.1:" + silent.getLocalPort()));
            GatewayResponse answer = client.get("/api/audit-events/verification", Map.of(), "token", null)
                    .await().atMost(Duration.ofSeconds(5));
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.ok()).isFalse();
        } finally {
            vertx.closeAndAwait();
        }
    }

    private static WebConfig config(String gateway) {
        return new WebConfig() {
            @Override
            public String gatewayUrl() {
                return gateway;
            }

            @Override
            public Duration gatewayTimeout() {
                return Duration.ofMillis(300);
            }

            @Override
            public String formSecret() {
                return "";
            }
        };
    }
}

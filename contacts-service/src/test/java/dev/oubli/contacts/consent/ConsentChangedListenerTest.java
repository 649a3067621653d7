package dev.oubli.contacts.consent;

import dev.oubli.events.ConsentChanged;
import dev.oubli.events.ConsentSource;
import dev.oubli.events.ConsentState;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.AppRole;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** ConsentChanged events from Kafka keep the consent mirror of the contacts they name, newest change winning. */
@QuarkusTest
class ConsentChangedListenerTest {

    static final String TEST_DATABASE = "oubli_contacts_test";
    final UUID tenant = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void mirrorsAConsentChangeWithinSecondsAndIgnoresAnOlderOne() throws Exception {
        String ada = given().auth().oauth2(TestTokens.forTenant(tenant, "contacts-editor"))
                .contentType("application/json").body("{\"firstName\":\"Ada\",\"email\":\"ada@example.com\"}")
                .when().post("/api/contacts").then().statusCode(201).extract().path("id");
        String grace = given().auth().oauth2(TestTokens.forTenant(tenant, "contacts-editor"))
                .contentType("application/json").body("{\"firstName\":\"Grace\",\"email\":\"grace@example.com\"}")
                .when().post("/api/contacts").then().statusCode(201).extract().path("id");
        SubjectRef subject = new SubjectRef(null, List.of(subjectIndex.email(tenant, "ada@example.com").value()), null);
        Instant now = Instant.now();

        publish(new ConsentChanged(subject, ContactChannel.EMAIL, "MARKETING", ConsentState.GRANTED, ConsentSource.FORM, false, now));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .queryParam("consent", "EMAIL:MARKETING:GRANTED").when().get("/api/contacts")
                .then().body("items.id", contains(ada)));

        // Older than what the mirror holds: ignored. Newer: applied.
        publish(new ConsentChanged(subject, ContactChannel.EMAIL, "MARKETING", ConsentState.WITHDRAWN, ConsentSource.API, false,
                now.minusSeconds(60)));
        publish(new ConsentChanged(subject, ContactChannel.SMS, "MARKETING", ConsentState.WITHDRAWN, ConsentSource.UNSUBSCRIBE_LINK,
                true, now.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .when().get("/api/contacts/" + ada)
                .then().body("consents", hasSize(2))
                .body("consents.find { it.channel == 'EMAIL' }.state", equalTo("GRANTED"))
                .body("consents.find { it.channel == 'SMS' }.state", equalTo("WITHDRAWN")));
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/contacts/" + grace)
                .then().body("consents", hasSize(0));

        // The last change said suppressed: the suppression mirror holds the subject's index, as it would with no contact at all.
        assertThat(suppressed(subject.emailIndexes().get(0))).isTrue();
        SubjectRef nobody = new SubjectRef(null, List.of(subjectIndex.email(tenant, "erased@example.com").value()), null);
        publish(new ConsentChanged(nobody, ContactChannel.EMAIL, "MARKETING", ConsentState.WITHDRAWN, ConsentSource.PRIVACY_REQUEST,
                true, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(suppressed(nobody.emailIndexes().get(0))));
    }

    @Test
    void aChangeArrivingWhileTheDatabaseRefusesConnectionsIsAppliedWhenItIsBackAndNeverDeadLettered() throws Exception {
        SubjectRef subject = new SubjectRef(null, List.of(subjectIndex.email(tenant, "outage@example.com").value()), null);
        ConsentChanged change = new ConsentChanged(subject, ContactChannel.EMAIL, "MARKETING", ConsentState.WITHDRAWN,
                ConsentSource.UNSUBSCRIBE_LINK, true, Instant.now());
        String key = Topics.consentKey(tenant, change);
        try (KafkaConsumer<String, byte[]> deadLetters = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_CONSENTS + ".dlq")) {
            // The test database only: no new connection of the service's role (53300), its open ones ended (57P01).
            try (Connection postgres = DriverManager.getConnection(superuserUrl(), "postgres", "local-dev-only");
                 Statement outage = postgres.createStatement()) {
                outage.execute("alter database " + TEST_DATABASE + " connection limit 0");
                try {
                    outage.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + TEST_DATABASE
                            + "' and usename = '" + ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class) + "'");
                    publish(change);
                    Thread.sleep(5_000); // the outage lasts five seconds, during which the record arrives
                } finally {
                    outage.execute("alter database " + TEST_DATABASE + " connection limit -1");
                }
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(suppressed(subject.emailIndexes().get(0))));
            List<String> deadLettered = new ArrayList<>();
            Instant end = Instant.now().plusSeconds(2);
            while (Instant.now().isBefore(end)) {
                deadLetters.poll(Duration.ofMillis(200)).forEach(record -> deadLettered.add(record.key()));
            }
            assertThat(deadLettered).doesNotContain(key);
        }
    }

    @Test
    void anUnreadableChangeIsDeadLetteredAtOnceWithItsReasonInAHeader() throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaConsumer<String, byte[]> deadLetters = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_CONSENTS + ".dlq")) {
            ProducerRecord<String, byte[]> unreadable = CloudEventTopics.cloudEvent(Topics.PRIVACY_CONSENTS, key, UUID.randomUUID(),
                    EventType.CONSENT_CHANGED.ceType(), "privacy-service", tenant, "{\"subject\":42}".getBytes(StandardCharsets.UTF_8));
            CloudEventTopics.publish(bootstrapServers, unreadable);

            List<String> reasons = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                deadLetters.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        reasons.add(new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
                    }
                });
                return !reasons.isEmpty();
            });
            assertThat(reasons).containsExactly("UNREADABLE: payload is not a valid ConsentChanged");
        }
    }

    private static String superuserUrl() {
        return "jdbc:" + ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class);
    }

    private Boolean suppressed(String blindIndex) throws Exception {
        try (Connection app = AppRole.connect()) {
            app.setAutoCommit(false);
            try (PreparedStatement set = app.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            try (PreparedStatement query = app.prepareStatement("select suppressed from suppression where blind_index = ?")) {
                query.setString(1, blindIndex);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getBoolean(1) : null;
                }
            } finally {
                app.rollback();
            }
        }
    }

    private void publish(ConsentChanged change) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_CONSENTS,
                Topics.consentKey(tenant, change), UUID.randomUUID(), EventType.CONSENT_CHANGED.ceType(), "privacy-service",
                tenant, EventJson.newObjectMapper().writeValueAsBytes(change)));
    }
}

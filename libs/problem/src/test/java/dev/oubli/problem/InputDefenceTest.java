package dev.oubli.problem;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class InputDefenceTest {

    enum Channel { EMAIL, PHONE }

    record Nested(String name, Map<String, String> labels) {
    }

    record Body(String firstName, List<String> tags, Nested nested, JsonNode extra, Instant at, OffsetDateTime since,
                LocalDate day, UUID id, Integer count, Boolean active, Double score, Channel channel) {
    }

    private final ObjectMapper json = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new InputDefence().customize(mapper);
        return mapper;
    }

    private String problemDetail(String body) {
        MismatchedInputException e = catchThrowableOfType(MismatchedInputException.class, () -> json.readValue(body, Body.class));
        assertThat(e).as("refused: " + body).isNotNull();
        Response answer = new ProblemExceptionMapper().unreadableBody(e);
        assertThat(answer.getStatus()).isEqualTo(400);
        return ((ProblemExceptionMapper.Problem) answer.getEntity()).detail();
    }

    @Test
    void refusesANulCharacterInAStringFieldNamingTheField() {
        assertThat(problemDetail("{\"firstName\":\"Ada\\u0000\"}")).isEqualTo("firstName holds a NUL character, which no text accepts.");
    }

    @Test
    void refusesANulCharacterInsideListsNestedRecordsMapsAndFreeFormJson() {
        assertThat(problemDetail("{\"tags\":[\"a\",\"b\\u0000\"]}")).startsWith("tags[1] holds a NUL");
        assertThat(problemDetail("{\"nested\":{\"name\":\"\\u0000\"}}")).startsWith("nested.name holds a NUL");
        assertThat(problemDetail("{\"nested\":{\"labels\":{\"colour\":\"x\\u0000\"}}}")).startsWith("nested.labels.colour holds a NUL");
        assertThat(problemDetail("{\"extra\":{\"a\":[{\"b\":\"\\u0000\"}]}}")).startsWith("extra.a[0].b holds a NUL");
    }

    @Test
    void refusesANulCharacterInAKeyWithoutRepeatingTheKey() {
        assertThat(problemDetail("{\"nested\":{\"labels\":{\"col\\u0000our\":\"x\"}}}")).isEqualTo("nested.labels holds a NUL character, which no text accepts.");
        assertThat(problemDetail("{\"extra\":{\"k\\u0000\":1}}")).isEqualTo("extra holds a NUL character, which no text accepts.");
    }

    @Test
    void refusesANulCharacterInAFreeFormBodyReadAsATree() {
        assertThatThrownBy(() -> json.readTree("{\"a\":\"\\u0000\"}")).isInstanceOf(InputDefence.NulCharacterException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"firstName\":5}", "{\"firstName\":1.5}", "{\"firstName\":true}",
            "{\"count\":\"5\"}", "{\"count\":1.5}", "{\"count\":true}",
            "{\"active\":\"true\"}", "{\"active\":1}",
            "{\"score\":\"1.5\"}", "{\"score\":false}",
            "{\"channel\":0}", "{\"at\":\"\"}", "{\"count\":\"\"}"})
    void refusesAValueOfAnotherJsonTypeInsteadOfCoercingIt(String body) {
        assertThat(problemDetail(body)).endsWith("has a value of the wrong type or format.");
    }

    @Test
    void readsValuesOfTheirOwnTypesAndDatesAndIdsFromStrings() throws Exception {
        Body body = json.readValue("""
                {"firstName":"Ada","tags":["x"],"at":"2026-12-03T10:15:30Z","since":"2026-12-03T10:15:30+01:00",
                 "day":"2026-12-03","id":"11111111-1111-4111-8111-111111111111","count":5,"active":true,"score":2,
                 "channel":"EMAIL","extra":{"n":1}}""", Body.class);

        assertThat(body.at()).isEqualTo(Instant.parse("2026-12-03T10:15:30Z"));
        assertThat(body.since().toInstant()).isEqualTo(Instant.parse("2026-12-03T09:15:30Z"));
        assertThat(body.day()).isEqualTo(LocalDate.of(2026, 12, 3));
        assertThat(body.id()).isEqualTo(UUID.fromString("11111111-1111-4111-8111-111111111111"));
        assertThat(body.count()).isEqualTo(5);
        assertThat(body.active()).isTrue();
        assertThat(body.score()).isEqualTo(2.0);
        assertThat(body.channel()).isEqualTo(Channel.EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"at\":\"+200000-01-01T00:00:00Z\"}", "{\"since\":\"+200000-01-01T00:00:00Z\"}",
            "{\"day\":\"+200000-01-01\"}", "{\"at\":\"-0001-01-01T00:00:00Z\"}"})
    void refusesADateOutsideYearsOneTo9999(String body) {
        assertThat(problemDetail(body)).endsWith("is a date outside years 1 to 9999.");
    }

    @Test
    void acceptsTheLastInstantOfYear9999() throws Exception {
        assertThat(json.readValue("{\"at\":\"9999-12-31T23:59:59Z\"}", Body.class).at()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "[".repeat(InputDefence.MAX_NESTING_DEPTH + 1) + "]".repeat(InputDefence.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> json.readTree(deep)).isInstanceOf(StreamConstraintsException.class);
        assertThat(bodyLimitAnswer(() -> json.readTree(deep))).contains("nesting depth 64");
    }

    @Test
    void refusesATextLongerThanTheLimitAndANumberLongerThanTheLimit() {
        String longText = "{\"firstName\":\"" + "a".repeat(InputDefence.MAX_STRING_LENGTH + 1) + "\"}";
        assertThat(bodyLimitAnswer(() -> json.readValue(longText, Body.class))).startsWith("The body exceeds a limit");
        String longNumber = "{\"score\":" + "1".repeat(InputDefence.MAX_NUMBER_LENGTH + 1) + "}";
        assertThat(bodyLimitAnswer(() -> json.readValue(longNumber, Body.class))).startsWith("The body exceeds a limit");
    }

    private static String bodyLimitAnswer(org.assertj.core.api.ThrowableAssert.ThrowingCallable read) {
        com.fasterxml.jackson.core.JsonProcessingException e =
                catchThrowableOfType(com.fasterxml.jackson.core.JsonProcessingException.class, read);
        assertThat(e).isNotNull();
        return ((ProblemExceptionMapper.Problem) new ProblemExceptionMapper().unreadableBody(e).getEntity()).detail();
    }
}

package dev.oubli.problem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTextDefenceTest {

    private static final List<Map.Entry<String, String>> NO_HEADERS = List.of();

    @ParameterizedTest
    @ValueSource(strings = {"/api/contacts", "/api/contacts/11111111-1111-4111-8111-111111111111?limit=5&cursor=abc%3D",
            "/api/search?q=caf%C3%A9+cr%C3%A8me&q=%F0%9F%98%80", "/u/abc?x", "/api/x?a=&b"})
    void letsReadableTargetsThrough(String uri) {
        assertThat(RequestTextDefence.fault(uri, NO_HEADERS)).isNull();
    }

    @Test
    void refusesANulInAQueryParameterNamingTheParameter() {
        assertThat(RequestTextDefence.fault("/api/contact-checks?agentId=%00", NO_HEADERS))
                .isEqualTo("agentId is not valid percent-encoded UTF-8 or holds a NUL character.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/x?q=%C3%28", "/api/x?q=%zz", "/api/x?q=abc%", "/api/x?q=%4", "/api/x?q=%ED%A0%80", "/api/x?q=%C3"})
    void refusesInvalidPercentEncodingOrUtf8InAQueryParameter(String uri) {
        assertThat(RequestTextDefence.fault(uri, NO_HEADERS)).startsWith("q is not valid");
    }

    @Test
    void doesNotRepeatAParameterNameThatIsNotShapedLikeTheApis() {
        assertThat(RequestTextDefence.fault("/api/x?ada%40example.com=%00", NO_HEADERS))
                .isEqualTo("A query parameter is not valid percent-encoded UTF-8 or holds a NUL character.");
        assertThat(RequestTextDefence.fault("/api/x?a%00=1", NO_HEADERS)).startsWith("A query parameter's name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/contacts/%00", "/api/contacts/a%C3%28", "/api/contacts/%G1", "/u/tok\0en"})
    void refusesAPathWithANulOrInvalidEncoding(String uri) {
        assertThat(RequestTextDefence.fault(uri, NO_HEADERS)).startsWith("The path is not valid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/contacts?updatedSince=%2B200000-01-01T00:00:00Z", "/api/x?from=-10000-01-01T00:00Z",
            "/api/x?from=%2b300000-12-31t00:00:00Z"})
    void refusesATimestampWithAYearBeyondFourDigitsInAQueryParameter(String uri) {
        assertThat(RequestTextDefence.fault(uri, NO_HEADERS)).endsWith("is a date outside years 1 to 9999.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/x?from=2026-01-01T00:00:00Z", "/api/x?q=%2B33612-34-56", "/api/x?from=9999-12-31T23:59:59Z"})
    void letsFourDigitYearsAndPhoneNumbersThrough(String uri) {
        assertThat(RequestTextDefence.fault(uri, NO_HEADERS)).isNull();
    }

    @Test
    void refusesANulInAHeaderValueNamingTheHeader() {
        assertThat(RequestTextDefence.fault("/api/x", List.of(Map.entry("X-Request-Id", "a\0b"))))
                .isEqualTo("The header X-Request-Id holds a NUL character.");
    }
}

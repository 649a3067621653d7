package dev.oubli.problem;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses, before any endpoint, a path or query parameter that is not valid percent-encoded UTF-8 or that holds a
 * NUL character, and a header value holding one: PostgreSQL refuses NUL in text, so such a value used to come back
 * as a 500 from the first query that carried it. The answer names the part at fault, never its value.
 */
class RequestTextDefence {

    /** A parameter name shaped like the API's own, safe to repeat in the answer; any other is not repeated. */
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    /**
     * An RFC 3339 timestamp with a year of five digits or more ({@code +200000-01-01T00:00:00Z}): Java parses it,
     * PostgreSQL stores it or overflows, no API means it. Bodies get the same limit from {@link InputDefence}.
     */
    private static final Pattern EXPANDED_YEAR_TIMESTAMP = Pattern.compile("(%2[Bb]|[+-])?\\d{5,}-\\d{2}-\\d{2}[Tt]");

    @ServerRequestFilter(preMatching = true)
    Response refuseUnreadableText(HttpServerRequest request) {
        String detail = fault(request.uri(), request.headers());
        return detail == null ? null : ProblemExceptionMapper.invalidRequest(detail);
    }

    /** What is wrong with this request target and these headers, or null when nothing is. */
    static String fault(String uri, Iterable<Map.Entry<String, String>> headers) {
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        if (!readable(path)) {
            return "The path is not valid percent-encoded UTF-8 or holds a NUL character.";
        }
        if (question >= 0) {
            for (String parameter : uri.substring(question + 1).split("&", -1)) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                if (!readable(name)) {
                    return "A query parameter's name is not valid percent-encoded UTF-8 or holds a NUL character.";
                }
                // Named first, as a body's field path is.
                String named = API_NAME.matcher(name).matches() ? name : "A query parameter";
                if (equals >= 0 && !readable(parameter.substring(equals + 1))) {
                    return named + " is not valid percent-encoded UTF-8 or holds a NUL character.";
                }
                if (equals >= 0 && EXPANDED_YEAR_TIMESTAMP.matcher(parameter.substring(equals + 1)).lookingAt()) {
                    return named + " is a date outside years 1 to 9999.";
                }
            }
        }
        for (Map.Entry<String, String> header : headers) {
            if (InputDefence.hasNul(header.getValue())) {
                return "The header " + header.getKey() + " holds a NUL character.";
            }
        }
        return null;
    }

    /** Every run of %XX escapes decodes as UTF-8, and neither they nor the plain characters hold a NUL. */
    private static boolean readable(String raw) {
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return false;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0 || (high | low) == 0) {
                    return false;
                }
                escaped.write(high << 4 | low);
                i += 2;
                continue;
            }
            if (c == '\0' || !utf8(escaped)) {
                return false;
            }
            escaped.reset();
        }
        return utf8(escaped);
    }

    private static boolean utf8(ByteArrayOutputStream bytes) {
        if (bytes.size() == 0) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}

package dev.oubli.e2e;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input, through the gateway with valid tokens of the right role, to every operation the services document:
 * wrong types, huge strings, deep nesting, invalid UTF-8, NUL characters, wrong content types, absurd numbers, page
 * sizes and dates, empty and missing bodies. Never a 5xx; every refusal a problem; every service answering afterwards.
 * The cases are drawn from a seed ({@code -Doubli.fuzz.seed}, printed) so a failing run can be replayed.
 */
class MalformedInputIT {

    private static final long SEED = Long.getLong("oubli.fuzz.seed", 20_261_203L);
    private static final int MINIMUM_CASES = 2_000;
    private static final String INVALID_UTF8 = "@@INVALID-UTF-8@@";
    private static final byte[] INVALID_UTF8_BYTES = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    private static final int TWO_MB = 2 * 1024 * 1024;
    private static final int DEPTH = 10_000;
    /** Bad values tried at each place of a body and in each query parameter, drawn from the seed: the run stays near 2,500 requests. */
    private static final int VALUES_PER_PLACE = 8;

    /** A JSON text written as is (numbers no Java type holds, escapes). */
    private record Raw(String json) {
    }

    private record Case(OpenApi.Operation operation, String name, String path, String contentType, byte[] body) {

        String describe() {
            return operation.method() + " " + operation.path() + " [" + name + "]";
        }
    }

    private static String automation;
    private final Random random = new Random(SEED);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void noMalformedRequestToAnyDocumentedOperationGetsA5xxAndEveryRefusalIsAProblem() throws Exception {
        System.out.println("MalformedInputIT seed: " + SEED + " (replay with -Doubli.fuzz.seed=" + SEED + ")");
        TenantObjects acme = TenantObjects.createForAcme();
        List<OpenApi.Operation> operations = OpenApi.operations();
        Map<String, String> settings = snapshotSettings(operations);

        List<Case> cases = new ArrayList<>();
        for (OpenApi.Operation operation : operations) {
            cases.addAll(casesFor(operation, acme));
        }
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Case fuzz : cases) {
                sent.add(pool.submit(() -> send(fuzz, failures)));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
            restoreSettings(operations, settings);
        }

        System.out.println("MalformedInputIT sent " + cases.size() + " requests to " + operations.size() + " operations in "
                + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(MINIMUM_CASES);
        assertThat(failures).as("seed " + SEED + ": answers in the 5xx range, or refusals that are not problems").isEmpty();
        everyServiceStillAnswers();
    }

    private void send(Case fuzz, List<String> failures) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(OpenApi.baseFor(fuzz.operation()) + fuzz.path()))
                .timeout(Duration.ofSeconds(60));
        String role = fuzz.operation().mostPowerfulRole();
        if (role != null) {
            request.header("Authorization", "Bearer " + (fuzz.operation().roles().equals(List.of("platform-admin"))
                    ? automationToken() : TenantObjects.token("acme", role)));
        }
        if (fuzz.contentType() != null) {
            request.header("Content-Type", fuzz.contentType());
        }
        request.method(fuzz.operation().method(), fuzz.body() == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(fuzz.body()));
        try {
            // A connection closed without an answer is a failure (ADR 0029: every caller gets an answer).
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (status >= 500) {
                failures.add(fuzz.describe() + " -> " + status);
            } else if ((status < 200 || status >= 300) && !type.startsWith("application/problem+json") && !isPage(fuzz.operation())) {
                failures.add(fuzz.describe() + " -> " + status + " as '" + type + "', not a problem");
            }
        } catch (Exception e) {
            failures.add(fuzz.describe() + " -> no answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The platform's own automation account: registering tenants is above a tenant's platform admin, so only this
     * token gets a tenant registration past the role check to its body (on fresh tenant ids, never Acme's).
     */
    private static synchronized String automationToken() {
        if (automation == null) {
            automation = Keycloak.clientToken("oubli-automation", "oubli-automation-demo-secret");
        }
        return automation;
    }

    /** The unsubscribe pages (/u/...) answer a person's browser, in HTML, refusals included. */
    private static boolean isPage(OpenApi.Operation operation) {
        return operation.path().startsWith("/u/");
    }

    private List<Case> casesFor(OpenApi.Operation operation, TenantObjects acme) {
        List<Case> cases = new ArrayList<>();
        String path = pathFor(operation, acme);
        Map<String, String> query = requiredQuery(operation);
        Object skeleton = operation.spec().get("requestBody") == null ? Map.of() : skeleton(operation, operation.requestSchema(), "", 0);
        String valid = Json.write(skeleton);
        byte[] validBody = bodyCarrying(operation) ? bytes(valid) : null;

        for (String parameter : TenantObjects.parameterNames(operation.path())) {
            for (Map.Entry<String, String> bad : badPathValues().entrySet()) {
                String badPath = withSegment(operation.path(), path, parameter, bad.getValue());
                cases.add(new Case(operation, "path " + parameter + ": " + bad.getKey(), badPath + queryString(query), jsonType(operation),
                        validBody));
            }
        }
        boolean firstQuery = true;
        for (Map<String, Object> parameter : operation.parameters()) {
            if (!"query".equals(parameter.get("in"))) {
                continue;
            }
            String name = (String) parameter.get("name");
            Map<String, String> values = new LinkedHashMap<>();
            if (firstQuery) {
                // Past the request target's limit (8 kB, ADR 0055): once per operation, it is the same for every parameter.
                values.put("10 kB", "q".repeat(10_000));
                firstQuery = false;
            }
            values.putAll(badQueryValues());
            for (Map.Entry<String, String> bad : sample(values, VALUES_PER_PLACE)) {
                Map<String, String> badQuery = new LinkedHashMap<>(query);
                badQuery.put(name, bad.getValue());
                cases.add(new Case(operation, "query " + name + ": " + bad.getKey(), path + queryString(badQuery), jsonType(operation),
                        validBody));
            }
        }
        if (!bodyCarrying(operation)) {
            return cases;
        }
        String target = path + queryString(query);
        String type = jsonType(operation) == null ? "application/json" : jsonType(operation);
        Map<String, byte[]> wholeBodies = new LinkedHashMap<>();
        wholeBodies.put("empty body", new byte[0]);
        wholeBodies.put("null", bytes("null"));
        wholeBodies.put("empty array", bytes("[]"));
        wholeBodies.put("empty object", bytes("{}"));
        wholeBodies.put("a string", bytes("\"fuzz\""));
        wholeBodies.put("a number", bytes("42"));
        wholeBodies.put("truncated", bytes(valid.substring(0, Math.max(1, valid.length() / 2))));
        wholeBodies.put("trailing garbage", bytes(valid + "}}]"));
        wholeBodies.put("nested arrays " + DEPTH + " deep", bytes("[".repeat(DEPTH) + "]".repeat(DEPTH)));
        wholeBodies.put("nested objects " + DEPTH + " deep", bytes("{\"a\":".repeat(DEPTH) + "1" + "}".repeat(DEPTH)));
        wholeBodies.put("a 2 MB string", bytes("\"" + "x".repeat(TWO_MB) + "\""));
        wholeBodies.put("invalid UTF-8", invalidUtf8(valid.contains("\"fuzz") ? valid.replaceFirst("\"fuzz", "\"" + INVALID_UTF8) : "\"" + INVALID_UTF8 + "\""));
        wholeBodies.put("NUL bytes", bytes(valid.replace("fuzz", "fu\u0000zz")));
        wholeBodies.put("the well-formed skeleton", bytes(valid));
        wholeBodies.forEach((name, body) -> cases.add(new Case(operation, name, target, type, body)));
        cases.add(new Case(operation, "missing body, no content type", target, null, null));
        cases.add(new Case(operation, "text/plain", target, "text/plain", bytes(valid)));
        cases.add(new Case(operation, "application/xml", target, "application/xml", bytes("<fuzz><a>1</a></fuzz>")));
        cases.add(new Case(operation, "form-urlencoded", target, "application/x-www-form-urlencoded", bytes("a=1&b=%00")));
        cases.add(new Case(operation, "json with a latin-1 charset", target, type + "; charset=ISO-8859-1", bytes(valid)));
        cases.add(new Case(operation, "unknown content type", target, "application/x-fuzz", bytes(valid)));
        cases.add(new Case(operation, "CSV with NUL and invalid UTF-8", target, "text/csv",
                invalidUtf8("firstName,email\nfu\u0000zz," + INVALID_UTF8 + "@example.invalid\n")));
        cases.add(new Case(operation, "a 2 MB CSV line", target, "text/csv", bytes("firstName,email\n" + "x".repeat(TWO_MB) + ",a@example.invalid\n")));

        for (Map.Entry<List<Object>, Object> leaf : leaves(skeleton, new ArrayList<>()).entrySet()) {
            for (Map.Entry<String, Object> bad : sample(badValues(), VALUES_PER_PLACE)) {
                Object mutated = replaced(skeleton, leaf.getKey(), 0, bad.getValue());
                String where = leaf.getKey().isEmpty() ? "body" : String.valueOf(leaf.getKey());
                cases.add(new Case(operation, where + ": " + bad.getKey(), target, type, bytes(Json.write(mutated))));
            }
        }
        return cases;
    }

    private static boolean bodyCarrying(OpenApi.Operation operation) {
        return List.of("POST", "PUT", "PATCH").contains(operation.method());
    }

    private static String jsonType(OpenApi.Operation operation) {
        List<String> types = operation.requestContentTypes();
        return types.isEmpty() ? (bodyCarrying(operation) ? "application/json" : null) : types.get(0);
    }

    /** The path with Acme's objects where the table knows their kind, else fresh ids (never Acme's own tenant record). */
    private static String pathFor(OpenApi.Operation operation, TenantObjects acme) {
        TenantObjects.Kind kind = TenantObjects.OPERATIONS.getOrDefault(operation.key(), TenantObjects.Kind.NONE);
        return kind == TenantObjects.Kind.TENANT ? acme.fill(operation.path(), TenantObjects.Kind.NONE) : acme.fill(operation.path(), kind);
    }

    /** The filled path with the segment of one parameter replaced. */
    private static String withSegment(String template, String filled, String parameter, String value) {
        List<String> segments = new ArrayList<>(List.of(filled.split("/", -1)));
        segments.set(List.of(template.split("/", -1)).indexOf("{" + parameter + "}"), value);
        return String.join("/", segments);
    }

    /** Required query parameters with a plausible value, so a case reaches past the first check. */
    @SuppressWarnings("unchecked")
    private Map<String, String> requiredQuery(OpenApi.Operation operation) {
        Map<String, String> query = new LinkedHashMap<>();
        for (Map<String, Object> parameter : operation.parameters()) {
            if ("query".equals(parameter.get("in")) && Boolean.TRUE.equals(parameter.get("required"))) {
                Object value = skeleton(operation, (Map<String, Object>) parameter.getOrDefault("schema", Map.of()), (String) parameter.get("name"), 0);
                query.put((String) parameter.get("name"), String.valueOf(value));
            }
        }
        if (operation.path().equals("/api/contact-imports") && operation.method().equals("POST")) {
            query.putIfAbsent("lawfulBasis", "CONTRACT");
        }
        return query;
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        query.forEach((name, value) -> text.append(text.isEmpty() ? "?" : "&").append(name).append('=').append(value));
        return text.toString();
    }

    /** A seeded choice of n of the values (the first always kept: it is the one a place is there for). */
    private <V> List<Map.Entry<String, V>> sample(Map<String, V> values, int n) {
        List<Map.Entry<String, V>> entries = new ArrayList<>(values.entrySet());
        Map.Entry<String, V> first = entries.remove(0);
        Collections.shuffle(entries, random);
        List<Map.Entry<String, V>> chosen = new ArrayList<>(entries.subList(0, Math.min(n - 1, entries.size())));
        chosen.add(0, first);
        return chosen;
    }

    /** Values already percent-encoded for a URL. */
    private Map<String, String> badQueryValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("negative", "-1");
        values.put("zero", "0");
        values.put("below int", "-2147483649");
        values.put("above int", "2147483648");
        values.put("huge", "99999999999999999999999999");
        values.put("not a number", "abc");
        values.put("NUL", "%00");
        values.put("invalid UTF-8", "%C3%28%FF");
        values.put("year 200000", "%2B200000-01-01T00:00:00Z");
        values.put("year 200000 plain", "200000-01-01");
        values.put("empty", "");
        values.put("3 kB", "q".repeat(3_000));
        values.put("random token", Long.toHexString(random.nextLong()));
        return values;
    }

    private Map<String, String> badPathValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("not a uuid", "not-a-uuid");
        values.put("negative", "-1");
        values.put("huge", "99999999999999999999999999");
        values.put("NUL", "%00");
        values.put("invalid UTF-8", "%C3%28%FF");
        values.put("4 kB", "p".repeat(4_000));
        values.put("random uuid", new UUID(random.nextLong(), random.nextLong()).toString());
        return values;
    }

    private Map<String, Object> badValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("a number", 12345);
        values.put("a boolean", true);
        values.put("an empty object", Map.of());
        values.put("an empty array", List.of());
        values.put("null", null);
        values.put("a text", "fuzz-" + random.nextInt(1000));
        values.put("NUL", "fu\u0000zz");
        values.put("an unpaired surrogate", new Raw("\"\\ud800fuzz\""));
        values.put("100 kB", "y".repeat(100_000));
        values.put("empty text", "");
        values.put("negative", -1);
        values.put("above long", new Raw("99999999999999999999999999"));
        values.put("1e309", new Raw("1e309"));
        values.put("year 200000", "+200000-01-01T00:00:00Z");
        values.put("year 200000 date", "200000-01-01");
        values.put("not an enum value", "NOT_A_VALUE");
        values.put("an array of nulls", java.util.Arrays.asList(null, null));
        return values;
    }

    /** A plausible value for a schema: made-up texts and addresses, recent-but-past dates, the first enum value. */
    @SuppressWarnings("unchecked")
    private Object skeleton(OpenApi.Operation operation, Map<String, Object> schema, String name, int depth) {
        schema = resolved(operation, schema);
        if (depth > 6) {
            return null;
        }
        for (String choice : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.get(choice) instanceof List<?> options && !options.isEmpty()) {
                return skeleton(operation, (Map<String, Object>) options.get(0), name, depth + 1);
            }
        }
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return values.stream().filter(value -> value != null).findFirst().orElse(null);
        }
        String type = type(schema);
        String lower = name.toLowerCase();
        switch (type) {
            case "object": {
                Map<String, Object> object = new LinkedHashMap<>();
                if (schema.get("properties") instanceof Map<?, ?> properties) {
                    ((Map<String, Map<String, Object>>) properties).forEach((property, propertySchema) ->
                            object.put(property, skeleton(operation, propertySchema, property, depth + 1)));
                }
                return object;
            }
            case "array":
                return new ArrayList<>(Collections.singletonList(
                        skeleton(operation, (Map<String, Object>) schema.getOrDefault("items", Map.of()), name, depth + 1)));
            case "integer":
            case "number":
                return 1;
            case "boolean":
                return true;
            default: {
                String format = String.valueOf(schema.get("format"));
                if (format.equals("date-time")) {
                    return "2000-01-01T00:00:00Z";
                } else if (format.equals("date")) {
                    return "2000-01-01";
                } else if (format.equals("uuid")) {
                    return new UUID(random.nextLong(), random.nextLong()).toString();
                } else if (lower.contains("email")) {
                    return "fuzz-" + random.nextInt(1_000_000) + "@example.invalid";
                } else if (lower.contains("phone")) {
                    return null; // no text messages locally: a phone is answered 503 "unavailable", by design
                }
                return "fuzz";
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolved(OpenApi.Operation operation, Map<String, Object> schema) {
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String name = ref.toString().substring(ref.toString().lastIndexOf('/') + 1);
        Map<String, Object> components = (Map<String, Object>) operation.document().get("components");
        Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");
        return resolved(operation, (Map<String, Object>) schemas.getOrDefault(name, Map.of()));
    }

    private static String type(Map<String, Object> schema) {
        Object type = schema.get("type");
        if (type instanceof List<?> types) {
            type = types.stream().map(String::valueOf).filter(candidate -> !"null".equals(candidate)).findFirst().orElse("string");
        }
        if (type == null) {
            return schema.containsKey("properties") ? "object" : schema.containsKey("items") ? "array" : "string";
        }
        return type.toString();
    }

    /** Every place of a body to put a bad value at: the body itself, each member, each element, recursively. */
    @SuppressWarnings("unchecked")
    private static Map<List<Object>, Object> leaves(Object value, List<Object> at) {
        Map<List<Object>, Object> places = new LinkedHashMap<>();
        places.put(List.copyOf(at), value);
        if (value instanceof Map<?, ?> object) {
            ((Map<String, Object>) object).forEach((key, member) -> {
                at.add(key);
                places.putAll(leaves(member, at));
                at.remove(at.size() - 1);
            });
        } else if (value instanceof List<?> array) {
            for (int i = 0; i < array.size(); i++) {
                at.add(i);
                places.putAll(leaves(array.get(i), at));
                at.remove(at.size() - 1);
            }
        }
        return places;
    }

    @SuppressWarnings("unchecked")
    private static Object replaced(Object value, List<Object> at, int index, Object replacement) {
        if (index == at.size()) {
            return replacement;
        }
        Object step = at.get(index);
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) object);
            copy.put((String) step, replaced(copy.get(step), at, index + 1, replacement));
            return copy;
        }
        List<Object> copy = new ArrayList<>((List<Object>) value);
        copy.set((Integer) step, replaced(copy.get((Integer) step), at, index + 1, replacement));
        return copy;
    }

    /** PUT-able settings of the tenant (no path parameter, a GET beside): read before, written back after. */
    private static Map<String, String> snapshotSettings(List<OpenApi.Operation> operations) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (OpenApi.Operation operation : operations) {
            if (operation.method().equals("PUT") && !operation.path().contains("{") && hasGet(operations, operation.path())) {
                settings.put(operation.path(), TenantObjects.as("acme", operation.mostPowerfulRole()).get(operation.path())
                        .then().statusCode(200).extract().asString());
            }
        }
        return settings;
    }

    private static void restoreSettings(List<OpenApi.Operation> operations, Map<String, String> settings) {
        for (OpenApi.Operation operation : operations) {
            String saved = settings.get(operation.path());
            if (operation.method().equals("PUT") && saved != null) {
                // A setting that was the platform's default goes back to it, not to a copy of it as the tenant's own.
                boolean wasDefault = saved.contains("\"source\":\"DEFAULT\"") && operations.stream().anyMatch(other ->
                        other.method().equals("DELETE") && other.path().equals(operation.path()));
                var request = TenantObjects.as("acme", operation.mostPowerfulRole());
                int status = wasDefault ? request.delete(operation.path()).statusCode()
                        : request.contentType("application/json").body(saved).put(operation.path()).statusCode();
                System.out.println("MalformedInputIT restored " + operation.path() + ": " + status);
            }
        }
    }

    private static boolean hasGet(List<OpenApi.Operation> operations, String path) {
        return operations.stream().anyMatch(other -> other.method().equals("GET") && other.path().equals(path));
    }

    private static void everyServiceStillAnswers() {
        TenantObjects.as("acme", "viewer").get("/api/contacts").then().statusCode(200);
        TenantObjects.as("acme", "viewer").get("/api/notes").then().statusCode(200);
        TenantObjects.as("acme", "viewer").get("/api/privacy-requests").then().statusCode(200);
        TenantObjects.as("acme", "viewer").get("/api/me").then().statusCode(200);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] invalidUtf8(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] parts = text.split(INVALID_UTF8, -1);
        for (int i = 0; i < parts.length; i++) {
            out.writeBytes(bytes(parts[i]));
            if (i < parts.length - 1) {
                out.writeBytes(INVALID_UTF8_BYTES);
            }
        }
        return out.toByteArray();
    }

    /** Just enough of a JSON writer to write what no mapper would: raw numbers and escapes, NULs kept. */
    private static final class Json {

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(value, out);
            return out.toString();
        }

        private static void write(Object value, StringBuilder out) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof Raw raw) {
                out.append(raw.json());
            } else if (value instanceof String text) {
                out.append('"');
                for (char c : text.toCharArray()) {
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append("\\n");
                        case '\u0000' -> out.append("\\u0000");
                        default -> out.append(c);
                    }
                }
                out.append('"');
            } else if (value instanceof Map<?, ?> object) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> member : object.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    write(String.valueOf(member.getKey()), out);
                    out.append(':');
                    write(member.getValue(), out);
                }
                out.append('}');
            } else if (value instanceof List<?> array) {
                out.append('[');
                for (int i = 0; i < array.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(array.get(i), out);
                }
                out.append(']');
            } else {
                out.append(value);
            }
        }
    }
}

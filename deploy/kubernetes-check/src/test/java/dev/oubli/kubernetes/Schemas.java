package dev.oubli.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The schemas every rendered object is validated against, kept in src/test/resources/schemas (SOURCES.md says where
 * each comes from): the Kubernetes 1.35 API definitions of the built-in kinds we use, and the CRDs of Strimzi 1.2.0,
 * CloudNativePG 1.30.0, the Keycloak Operator 26.0.0 and the Prometheus Operator 0.93.0.
 *
 * <p>Validation is strict, like kubeconform's {@code -strict}: an object schema with properties accepts no other
 * field (the API server would drop an unknown CR field silently, so a typo would go unnoticed), except where the
 * schema says {@code x-kubernetes-preserve-unknown-fields}. Int-or-string fields accept either; quantities accept
 * a number or a string, as the API server does.
 */
final class Schemas {

    private static final String[] CRDS = {
        "strimzi-1.2.0/040-Crd-kafka.yaml",
        "strimzi-1.2.0/043-Crd-kafkatopic.yaml",
        "strimzi-1.2.0/044-Crd-kafkauser.yaml",
        "strimzi-1.2.0/045-Crd-kafkanodepool.yaml",
        "cloudnative-pg-1.30.0/postgresql.cnpg.io_clusters.yaml",
        "cloudnative-pg-1.30.0/postgresql.cnpg.io_scheduledbackups.yaml",
        "keycloak-operator-26.0.0/keycloaks.k8s.keycloak.org-v1.yml",
        "keycloak-operator-26.0.0/keycloakrealmimports.k8s.keycloak.org-v1.yml",
        "prometheus-operator-0.93.0/monitoring.coreos.com_servicemonitors.yaml",
    };
    private static final String KUBERNETES = "kubernetes-1.35/definitions.json";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    private final Map<String, JsonSchema> byApiVersionAndKind = new HashMap<>();

    Schemas() {
        loadKubernetes();
        for (String crd : CRDS) {
            loadCrd(crd);
        }
    }

    /** What is wrong with the object, one line per fault; empty when it validates. */
    List<String> violations(JsonNode object) {
        String id = object.path("apiVersion").asText() + " " + object.path("kind").asText();
        String name = id + " " + object.path("metadata").path("name").asText();
        JsonSchema schema = byApiVersionAndKind.get(id);
        if (schema == null) {
            return List.of(name + ": no schema for " + id + " (not a kind the pinned versions define)");
        }
        List<String> faults = new ArrayList<>();
        for (ValidationMessage message : schema.validate(object)) {
            faults.add(name + ": " + message.getMessage());
        }
        return faults;
    }

    private void loadKubernetes() {
        ObjectNode definitions = (ObjectNode) read(KUBERNETES, new ObjectMapper()).path("definitions");
        Map<String, String> kinds = new HashMap<>();
        definitions.fields().forEachRemaining(entry -> {
            for (JsonNode gvk : entry.getValue().path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asText();
                String version = gvk.path("version").asText();
                kinds.put((group.isEmpty() ? version : group + "/" + version) + " " + gvk.path("kind").asText(), entry.getKey());
            }
        });
        definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", typesNode("string", "number"));
        tighten(definitions);
        kinds.forEach((id, definition) -> {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.set("definitions", definitions);
            root.putArray("allOf").addObject().put("$ref", "#/definitions/" + definition);
            byApiVersionAndKind.put(id, FACTORY.getSchema(root));
        });
    }

    private void loadCrd(String resource) {
        JsonNode crd = read(resource, Kustomize.YAML);
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (!version.path("served").asBoolean()) {
                continue;
            }
            ObjectNode schema = ((ObjectNode) version.path("schema").path("openAPIV3Schema")).deepCopy();
            // Every object has these, whether or not a CRD's schema lists them (the Keycloak Operator's do not).
            ObjectNode properties = schema.with("properties");
            properties.putIfAbsent("apiVersion", typesNode("string"));
            properties.putIfAbsent("kind", typesNode("string"));
            properties.putIfAbsent("metadata", typesNode("object"));
            tighten(schema);
            byApiVersionAndKind.put(group + "/" + version.path("name").asText() + " " + kind, FACTORY.getSchema(schema));
        }
    }

    /** Strict unknown fields, int-or-string and nullable as Kubernetes reads them; vendor keywords removed. */
    private static void tighten(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(Schemas::tighten);
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        boolean preserveUnknown = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean intOrString = object.path("x-kubernetes-int-or-string").asBoolean(false)
                || "int-or-string".equals(object.path("format").asText());
        if (intOrString) {
            object.remove("type");
            object.remove("format");
        }
        if (object.path("nullable").asBoolean(false) && object.path("type").isTextual()) {
            object.set("type", types(object.path("type").asText(), "null"));
        }
        List<String> vendor = new ArrayList<>();
        object.fieldNames().forEachRemaining(field -> {
            if (field.startsWith("x-") || field.equals("nullable") || field.equals("default") || field.equals("example")) {
                vendor.add(field);
            }
        });
        object.remove(vendor);
        if (object.has("properties") && object.path("properties").isObject() && !object.has("additionalProperties") && !preserveUnknown) {
            object.put("additionalProperties", false);
        }
        // "properties" holds names, not schemas keywords: descend into each property's schema, not the map itself.
        object.fields().forEachRemaining(entry -> {
            if (entry.getKey().equals("properties") || entry.getKey().equals("definitions")) {
                entry.getValue().forEach(Schemas::tighten);
            } else {
                tighten(entry.getValue());
            }
        });
    }

    private static ArrayNode types(String... names) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (String name : names) {
            array.add(name);
        }
        return array;
    }

    private static ObjectNode typesNode(String... names) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("type", types(names));
        return node;
    }

    private static JsonNode read(String resource, ObjectMapper mapper) {
        try (InputStream in = Schemas.class.getResourceAsStream("/schemas/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test data schemas/" + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

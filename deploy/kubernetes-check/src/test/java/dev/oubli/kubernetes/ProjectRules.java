package dev.oubli.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The project's own rules for a rendered overlay, each a method answering its faults (empty when none). Their
 * inputs are the repository's sources of truth, passed in so a test can hand a rule a broken copy.
 */
final class ProjectRules {

    private static final Pattern SERVICE = Pattern.compile("\\b(contacts-service|knowledge-service|privacy-service)\\b");
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    private static final Pattern TOPIC_LITERAL = Pattern.compile("\"([a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.v\\d+(?:\\.dlq)?)\"");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.v\\d+");
    private static final Pattern DOCUMENTED_GROUP = Pattern.compile("group `([a-z0-9-]+)`");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|KEYSET|JAAS|TOKEN).*");
    private static final Set<String> TEST_ONLY_TOPICS = Set.of("outbox.test.v1");

    private ProjectRules() {
    }

    // ------------------------------------------------------------------ workloads

    /** Every Deployment: the three probes, requests and limits, non-root, read-only root, no capability, seccomp. */
    static List<String> hardenedDeployments(List<JsonNode> objects) {
        List<String> faults = new ArrayList<>();
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            String name = "Deployment " + name(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode podSecurity = pod.path("securityContext");
            if (!"RuntimeDefault".equals(podSecurity.path("seccompProfile").path("type").asText())) {
                faults.add(name + ": seccompProfile is not RuntimeDefault");
            }
            for (JsonNode container : pod.path("containers")) {
                String where = name + " container " + container.path("name").asText();
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    String path = container.path(probe).path("httpGet").path("path").asText();
                    if (!path.startsWith("/q/health/")) {
                        faults.add(where + ": no " + probe + " on Quarkus health (/q/health/...)");
                    }
                }
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (container.path("resources").path(bound).path(resource).asText().isEmpty()) {
                            faults.add(where + ": no " + bound + "." + resource);
                        }
                    }
                }
                JsonNode security = container.path("securityContext");
                if (!security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false))) {
                    faults.add(where + ": runAsNonRoot is not true");
                }
                if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                    faults.add(where + ": readOnlyRootFilesystem is not true");
                }
                if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                    faults.add(where + ": allowPrivilegeEscalation is not false");
                }
                Set<String> dropped = new HashSet<>();
                security.path("capabilities").path("drop").forEach(value -> dropped.add(value.asText()));
                if (!dropped.contains("ALL") || security.path("capabilities").has("add")) {
                    faults.add(where + ": capabilities do not drop ALL (or add some)");
                }
            }
        }
        return faults;
    }

    /** No image without a tag or digest, none tagged latest: containers and the operators' image fields alike. */
    static List<String> pinnedImages(List<JsonNode> objects) {
        List<String> faults = new ArrayList<>();
        for (JsonNode object : objects) {
            List<String> images = new ArrayList<>();
            collectImages(object, images);
            for (String image : images) {
                String last = image.substring(image.lastIndexOf('/') + 1);
                boolean digest = image.contains("@sha256:");
                boolean tagged = last.contains(":");
                if ((!digest && !tagged) || last.endsWith(":latest") || last.contains(":latest@")) {
                    faults.add(object.path("kind").asText() + " " + name(object) + ": image " + image + " is not pinned");
                }
            }
        }
        return faults;
    }

    /**
     * Each Deployment runs the image the build makes for its module: {@code <group>/<artifactId>} as the root pom's
     * container-image profile names it (a registry prefix and any pinned tag or digest allowed).
     */
    static List<String> imagesOfTheBuild(List<JsonNode> objects, String rootPom) {
        Matcher group = Pattern.compile("<quarkus.container-image.group>([^<]+)</quarkus.container-image.group>").matcher(rootPom);
        if (!group.find()) {
            return List.of("the root pom names no quarkus.container-image.group");
        }
        List<String> faults = new ArrayList<>();
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                String image = container.path("image").asText().replaceAll("@.*$", "").replaceAll(":[^/]*$", "");
                String expected = group.group(1) + "/" + name(deployment);
                if (!image.equals(expected) && !image.endsWith("/" + expected)) {
                    faults.add("Deployment " + name(deployment) + ": image " + container.path("image").asText() + " is not the build's " + expected);
                }
            }
        }
        return faults;
    }

    private static void collectImages(JsonNode node, List<String> images) {
        node.fields().forEachRemaining(entry -> {
            if ((entry.getKey().equals("image") || entry.getKey().equals("imageName")) && entry.getValue().isTextual()) {
                images.add(entry.getValue().asText());
            } else {
                collectImages(entry.getValue(), images);
            }
        });
        if (node.isArray()) {
            node.forEach(element -> collectImages(element, images));
        }
    }

    /**
     * The gateway's rate budgets are shared by {@code OUBLI_GATEWAY_REPLICAS} replicas (ADR 0028): the variable is
     * set on the gateway Deployment and equals its replicas and, when an HPA scales it, the HPA's minReplicas.
     */
    static List<String> gatewayReplicas(List<JsonNode> objects) {
        List<String> faults = new ArrayList<>();
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            if (!name(deployment).equals("gateway")) {
                continue;
            }
            String replicas = deployment.path("spec").path("replicas").asText("1");
            String declared = null;
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode variable : container.path("env")) {
                    if (variable.path("name").asText().equals("OUBLI_GATEWAY_REPLICAS")) {
                        declared = variable.path("value").asText();
                    }
                }
            }
            if (declared == null) {
                faults.add("Deployment gateway: OUBLI_GATEWAY_REPLICAS is not set (its replicas: " + replicas + ")");
            } else if (!declared.equals(replicas)) {
                faults.add("Deployment gateway: OUBLI_GATEWAY_REPLICAS is " + declared + ", its replicas " + replicas);
            }
            for (JsonNode hpa : ofKind(objects, "HorizontalPodAutoscaler")) {
                JsonNode target = hpa.path("spec").path("scaleTargetRef");
                String min = hpa.path("spec").path("minReplicas").asText("1");
                if (target.path("kind").asText().equals("Deployment") && target.path("name").asText().equals("gateway")
                        && declared != null && !declared.equals(min)) {
                    faults.add("HorizontalPodAutoscaler " + name(hpa) + ": minReplicas " + min + ", OUBLI_GATEWAY_REPLICAS " + declared);
                }
            }
        }
        return faults;
    }

    /**
     * Every environment variable a module's application.properties requires at start (a {@code ${VARIABLE}} without
     * default, outside profiles) is set on its Deployment; every ConfigMap key the env reads exists in the render.
     */
    static List<String> requiredEnvironment(List<JsonNode> objects, Map<String, String> propertiesByModule) {
        List<String> faults = new ArrayList<>();
        Map<String, JsonNode> configMaps = new TreeMap<>();
        ofKind(objects, "ConfigMap").forEach(map -> configMaps.put(name(map), map.path("data")));
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            String module = name(deployment);
            Set<String> set = new TreeSet<>();
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode variable : container.path("env")) {
                    set.add(variable.path("name").asText());
                    JsonNode ref = variable.path("valueFrom").path("configMapKeyRef");
                    if (!ref.isMissingNode() && !configMaps.getOrDefault(ref.path("name").asText(), missing()).has(ref.path("key").asText())) {
                        faults.add("Deployment " + module + ": " + variable.path("name").asText() + " reads ConfigMap "
                                + ref.path("name").asText() + " key " + ref.path("key").asText() + ", which the render lacks");
                    }
                }
            }
            String properties = propertiesByModule.get(module);
            if (properties == null) {
                continue;
            }
            for (String required : requiredVariables(properties)) {
                if (!set.contains(required)) {
                    faults.add("Deployment " + module + ": " + required + " is required at start and not set");
                }
            }
        }
        return faults;
    }

    static Set<String> requiredVariables(String properties) {
        Set<String> required = new TreeSet<>();
        for (String line : properties.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.startsWith("%") || trimmed.isEmpty()) {
                continue;
            }
            Matcher matcher = REQUIRED_VARIABLE.matcher(trimmed);
            while (matcher.find()) {
                required.add(matcher.group(1));
            }
        }
        return required;
    }

    /** No secret value outside the dev overlay: no Secret object, and nowhere a secret-named variable's literal. */
    static List<String> noCommittedSecrets(List<JsonNode> objects, boolean devOverlay) {
        List<String> faults = new ArrayList<>();
        if (!devOverlay) {
            ofKind(objects, "Secret").forEach(secret -> faults.add("Secret " + name(secret) + ": secret values belong to the dev overlay only"));
        }
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode variable : container.path("env")) {
                    if (variable.has("value") && SECRET_NAME.matcher(variable.path("name").asText()).matches()) {
                        faults.add("Deployment " + name(deployment) + ": " + variable.path("name").asText() + " has a literal value; read it from a Secret");
                    }
                }
            }
        }
        return faults;
    }

    /**
     * Default deny in both directions for every pod; from the ingress controller's namespace only the gateway (and
     * Keycloak, whose login pages browsers reach); each service's egress only to DNS, its own database, Kafka and
     * Keycloak (privacy-service also to its mail relay; knowledge-service also to privacy-service's API, where it
     * verifies an agent's pre-contact check, ADR 0048).
     */
    static List<String> networkPolicies(List<JsonNode> objects, String ingressNamespace) {
        List<String> faults = new ArrayList<>();
        List<JsonNode> policies = ofKind(objects, "NetworkPolicy");
        boolean defaultDeny = policies.stream().anyMatch(policy -> policy.path("spec").path("podSelector").isEmpty()
                && policy.path("spec").path("ingress").isEmpty() && policy.path("spec").path("egress").isEmpty()
                && policy.path("spec").path("policyTypes").toString().contains("Ingress")
                && policy.path("spec").path("policyTypes").toString().contains("Egress"));
        if (!defaultDeny) {
            faults.add("no default-deny NetworkPolicy (every pod, Ingress and Egress, no rule)");
        }
        for (JsonNode policy : policies) {
            String app = policy.path("spec").path("podSelector").path("matchLabels").path("app").asText();
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    String namespace = peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText();
                    if (namespace.equals(ingressNamespace) && !app.equals("gateway") && !app.equals("keycloak")) {
                        faults.add("NetworkPolicy " + name(policy) + ": the ingress controller reaches " + (app.isEmpty() ? "pods other than the gateway" : app));
                    }
                }
            }
            if (Overlays.SERVICES.contains(app)) {
                String database = "oubli-" + app.replace("-service", "") + "-db";
                for (JsonNode rule : policy.path("spec").path("egress")) {
                    if (rule.path("to").isEmpty()) {
                        faults.add("NetworkPolicy " + name(policy) + ": " + app + " may reach anything");
                    }
                    for (JsonNode peer : rule.path("to")) {
                        JsonNode labels = peer.path("podSelector").path("matchLabels");
                        String cluster = labels.path("cnpg.io/cluster").asText();
                        boolean allowed = database.equals(cluster)
                                || "oubli".equals(labels.path("strimzi.io/cluster").asText())
                                || "keycloak".equals(labels.path("app").asText())
                                || (app.equals("privacy-service") && peer.has("ipBlock") && rule.path("ports").toString().contains("587"))
                                || (app.equals("knowledge-service") && "privacy-service".equals(labels.path("app").asText())
                                    && rule.path("ports").size() == 1
                                    && rule.path("ports").get(0).path("port").asText().equals("8083"));
                        if (!allowed) {
                            faults.add("NetworkPolicy " + name(policy) + ": " + app + " reaches " + peer);
                        }
                    }
                }
            }
        }
        return faults;
    }

    // ------------------------------------------------------------------ Kafka

    /**
     * topics.properties is the one source of truth: each of its topics (but the libraries' test topics) is a
     * KafkaTopic with its partitions and configuration, and there is no other; every topic the code names is one.
     */
    static List<String> topicsMatch(List<JsonNode> objects, String topicsProperties, Set<String> topicsTheCodeUses) {
        List<String> faults = new ArrayList<>();
        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (String line : topicsProperties.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String topic = trimmed.substring(0, trimmed.indexOf('=')).strip();
            if (TEST_ONLY_TOPICS.contains(topic)) {
                continue;
            }
            Map<String, String> settings = new TreeMap<>();
            String[] parts = trimmed.substring(trimmed.indexOf('=') + 1).split(",");
            settings.put("partitions", parts[0].strip());
            for (int i = 1; i < parts.length; i++) {
                String[] pair = parts[i].split("=", 2);
                settings.put(pair[0].strip(), pair[1].strip());
            }
            expected.put(topic, settings);
        }
        Map<String, Map<String, String>> actual = new TreeMap<>();
        for (JsonNode topic : ofKind(objects, "KafkaTopic")) {
            String topicName = topic.path("spec").path("topicName").asText(name(topic));
            Map<String, String> settings = new TreeMap<>();
            settings.put("partitions", topic.path("spec").path("partitions").asText());
            topic.path("spec").path("config").fields().forEachRemaining(entry -> settings.put(entry.getKey(), entry.getValue().asText()));
            actual.put(topicName, settings);
        }
        expected.forEach((topic, settings) -> {
            if (!actual.containsKey(topic)) {
                faults.add("topic " + topic + " of topics.properties has no KafkaTopic (run deploy/kubernetes/base/kafka/generate-topics.sh)");
            } else if (!actual.get(topic).equals(settings)) {
                faults.add("KafkaTopic " + topic + " has " + actual.get(topic) + ", topics.properties says " + settings + " (run generate-topics.sh)");
            }
        });
        actual.keySet().stream().filter(topic -> !expected.containsKey(topic))
                .forEach(topic -> faults.add("KafkaTopic " + topic + " is not in topics.properties"));
        topicsTheCodeUses.stream().filter(topic -> !actual.containsKey(topic))
                .forEach(topic -> faults.add("topic " + topic + " used by the code has no KafkaTopic"));
        return faults;
    }

    /** The topics the code names: Topics constants, and every channel's topic and dead-letter topic. */
    static Set<String> topicsTheCodeUses(String topicConstants, Iterable<String> applicationProperties) {
        Set<String> topics = new TreeSet<>();
        Matcher matcher = TOPIC_LITERAL.matcher(topicConstants);
        while (matcher.find()) {
            topics.add(matcher.group(1));
        }
        for (String properties : applicationProperties) {
            properties(properties).forEach((key, value) -> {
                if (key.toString().startsWith("mp.messaging.") && key.toString().endsWith(".topic")) {
                    topics.add(value.toString().strip());
                }
            });
        }
        topics.removeAll(TEST_ONLY_TOPICS);
        return topics;
    }

    /**
     * Each service's KafkaUser grants exactly what docs/events.md and its channels need, nothing more: Write on the
     * topics it produces, Read on those it consumes and on its consumer groups (named in its channels or in the
     * table), Write on the dead-letter topic of each topic it consumes (Describe goes along with either).
     * SCRAM-SHA-512, literal resource names only.
     */
    static List<String> aclsMatch(List<JsonNode> objects, String eventsMarkdown, String topicsProperties,
            Map<String, String> propertiesByService) {
        Map<String, Set<String>> expected = expectedAcls(eventsMarkdown, topicsProperties, propertiesByService);
        Map<String, Set<String>> actual = new TreeMap<>();
        List<String> faults = new ArrayList<>();
        for (JsonNode user : ofKind(objects, "KafkaUser")) {
            String service = name(user);
            if (!"scram-sha-512".equals(user.path("spec").path("authentication").path("type").asText())) {
                faults.add("KafkaUser " + service + ": authentication is not scram-sha-512");
            }
            Set<String> grants = new TreeSet<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String pattern = resource.path("patternType").asText("literal");
                String resourceName = resource.path("name").asText();
                if (!pattern.equals("literal") || resourceName.contains("*")) {
                    faults.add("KafkaUser " + service + ": " + resource.path("type").asText() + " " + resourceName + " is not a literal name");
                }
                for (JsonNode operation : acl.path("operations")) {
                    if (!operation.asText().equals("Describe")) {
                        grants.add(resource.path("type").asText() + " " + resourceName + " " + operation.asText());
                    }
                }
            }
            actual.put(service, grants);
        }
        Set<String> users = new TreeSet<>(expected.keySet());
        users.addAll(actual.keySet());
        for (String user : users) {
            Set<String> want = expected.getOrDefault(user, Set.of());
            Set<String> have = actual.getOrDefault(user, Set.of());
            if (!actual.containsKey(user)) {
                faults.add("service " + user + " has no KafkaUser");
                continue;
            }
            have.stream().filter(grant -> !want.contains(grant))
                    .forEach(grant -> faults.add("KafkaUser " + user + " grants " + grant + ", which docs/events.md does not give it"));
            want.stream().filter(grant -> !have.contains(grant))
                    .forEach(grant -> faults.add("KafkaUser " + user + " lacks " + grant + " (docs/events.md, application.properties)"));
        }
        return faults;
    }

    static Map<String, Set<String>> expectedAcls(String eventsMarkdown, String topicsProperties, Map<String, String> propertiesByService) {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String line : eventsMarkdown.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 8 || !cells[1].contains("`")) {
                continue;
            }
            String topic = cells[1].substring(cells[1].indexOf('`') + 1, cells[1].indexOf('`', cells[1].indexOf('`') + 1));
            if (!TOPIC_NAME.matcher(topic).matches()) {
                continue; // a row of another table (payloads)
            }
            for (String producer : services(cells[6])) {
                expected.computeIfAbsent(producer, key -> new TreeSet<>()).add("topic " + topic + " Write");
            }
            Matcher group = DOCUMENTED_GROUP.matcher(cells[7]);
            while (group.find()) {
                String name = group.group(1);
                services(cells[7]).stream().filter(service -> name.startsWith(service))
                        .forEach(service -> expected.computeIfAbsent(service, key -> new TreeSet<>()).add("group " + name + " Read"));
            }
            for (String consumer : services(cells[7])) {
                Set<String> grants = expected.computeIfAbsent(consumer, key -> new TreeSet<>());
                grants.add("topic " + topic + " Read");
                if (topicsProperties.lines().anyMatch(l -> l.strip().startsWith(topic + ".dlq "))
                        || topicsProperties.lines().anyMatch(l -> l.strip().startsWith(topic + ".dlq="))) {
                    grants.add("topic " + topic + ".dlq Write");
                }
            }
        }
        propertiesByService.forEach((service, properties) -> properties(properties).forEach((key, value) -> {
            if (key.toString().startsWith("mp.messaging.incoming.") && key.toString().endsWith(".group.id")) {
                expected.computeIfAbsent(service, k -> new TreeSet<>()).add("group " + value.toString().strip() + " Read");
            }
        }));
        return expected;
    }

    private static Set<String> services(String cell) {
        Set<String> services = new TreeSet<>();
        Matcher matcher = SERVICE.matcher(cell);
        while (matcher.find()) {
            services.add(matcher.group(1));
        }
        return services;
    }

    // ------------------------------------------------------------------ Keycloak

    /**
     * The imported realm is the local realm made fit for production: no users, no client with a secret, a service
     * account or the password grant, sslRequired external; the same realm roles; no client the local realm lacks.
     */
    static List<String> productionRealm(List<JsonNode> objects, String devRealmJson) {
        List<String> faults = new ArrayList<>();
        JsonNode devRealm = json(devRealmJson);
        List<JsonNode> imports = ofKind(objects, "KeycloakRealmImport");
        if (imports.isEmpty()) {
            faults.add("no KeycloakRealmImport");
        }
        for (JsonNode realmImport : imports) {
            JsonNode realm = realmImport.path("spec").path("realm");
            String where = "KeycloakRealmImport " + name(realmImport);
            if (!"external".equals(realm.path("sslRequired").asText())) {
                faults.add(where + ": sslRequired is not external");
            }
            if (realm.path("users").size() > 0) {
                faults.add(where + ": has users");
            }
            Set<String> devClients = new HashSet<>();
            devRealm.path("clients").forEach(client -> devClients.add(client.path("clientId").asText()));
            for (JsonNode client : realm.path("clients")) {
                String id = client.path("clientId").asText();
                if (client.path("directAccessGrantsEnabled").asBoolean(false)) {
                    faults.add(where + ": client " + id + " allows the password grant");
                }
                if (client.has("secret") || client.path("serviceAccountsEnabled").asBoolean(false)) {
                    faults.add(where + ": client " + id + " has a secret or a service account");
                }
                if (!devClients.contains(id)) {
                    faults.add(where + ": client " + id + " is not in deploy/keycloak/oubli-realm.json");
                }
            }
            if (!roleNames(realm).equals(roleNames(devRealm))) {
                faults.add(where + ": realm roles " + roleNames(realm) + " differ from oubli-realm.json's " + roleNames(devRealm));
            }
        }
        return faults;
    }

    private static Set<String> roleNames(JsonNode realm) {
        Set<String> names = new TreeSet<>();
        realm.path("roles").path("realm").forEach(role -> names.add(role.path("name").asText()));
        return names;
    }

    // ------------------------------------------------------------------ helpers

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.path("kind").asText())).collect(Collectors.toList());
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static Map<String, String> readModules(Iterable<String> modules) {
        Map<String, String> byModule = new LinkedHashMap<>();
        for (String module : modules) {
            var file = Repository.applicationProperties(module);
            if (Files.isRegularFile(file)) {
                byModule.put(module, Repository.read(file));
            }
        }
        return byModule;
    }

    private static Properties properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode missing() {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}

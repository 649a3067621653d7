package dev.oubli.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check of KubernetesManifestsTest fails on a broken copy of deploy/kubernetes (or of its source of truth). */
class BrokenManifestsTest {

    @TempDir
    Path copy;

    @Test
    void aMisspelledDeploymentFieldFailsTheKubernetesSchema() throws IOException {
        edit("base/services/gateway.yaml", "  replicas: 2", "  replica: 2");

        assertThat(schemaFaults("production")).anySatisfy(fault -> assertThat(fault).contains("Deployment gateway").contains("replica"));
    }

    @Test
    void aWrongTypeInAStrimziResourceFailsItsCrdSchema() throws IOException {
        edit("base/kafka/topics.yaml", "  partitions: 3", "  partitions: three");

        assertThat(schemaFaults("dev")).anySatisfy(fault -> assertThat(fault).contains("KafkaTopic").contains("partitions"));
    }

    @Test
    void anUnknownFieldInACloudNativePgClusterFailsItsCrdSchema() throws IOException {
        edit("base/postgres/clusters.yaml", "  enableSuperuserAccess: false", "  enableSuperUserAccess: false");

        assertThat(schemaFaults("dev")).anySatisfy(fault -> assertThat(fault).contains("Cluster oubli-").contains("enableSuperUserAccess"));
    }

    @Test
    void aKindNoPinnedVersionDefinesIsRefused() throws IOException {
        edit("base/kafka/kafka.yaml", "apiVersion: kafka.strimzi.io/v1\nkind: Kafka\n", "apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\n");

        assertThat(schemaFaults("dev")).anySatisfy(fault -> assertThat(fault).contains("no schema for kafka.strimzi.io/v1beta2 Kafka"));
    }

    @Test
    void aDeploymentWithoutReadinessProbeLimitsOrNonRootIsReported() throws IOException {
        edit("base/services/contacts-service.yaml", "readinessProbe:", "readinessProbeRemoved:");
        edit("base/services/knowledge-service.yaml", "        limits:\n", "        limitsRemoved:\n");
        edit("base/services/privacy-service.yaml", "          runAsNonRoot: true", "          runAsNonRoot: false");
        edit("base/services/gateway.yaml", "          readOnlyRootFilesystem: true", "          readOnlyRootFilesystem: false");

        List<String> faults = ProjectRules.hardenedDeployments(render("dev"));

        assertThat(faults).anySatisfy(fault -> assertThat(fault).contains("contacts-service").contains("readinessProbe"));
        assertThat(faults).anySatisfy(fault -> assertThat(fault).contains("knowledge-service").contains("limits.cpu"));
        assertThat(faults).anySatisfy(fault -> assertThat(fault).contains("privacy-service").contains("runAsNonRoot"));
        assertThat(faults).anySatisfy(fault -> assertThat(fault).contains("gateway").contains("readOnlyRootFilesystem"));
    }

    @Test
    void aServiceReachingAnotherServicesDatabaseOrTheIngressReachingAServiceIsReported() throws IOException {
        edit("base/network/network-policies.yaml", "cnpg.io/cluster: oubli-contacts-db\n    ports:", "cnpg.io/cluster: oubli-privacy-db\n    ports:");
        edit("base/network/network-policies.yaml", "  name: web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes:\n  - Ingress\n  - Egress\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: gateway",
                "  name: web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes:\n  - Ingress\n  - Egress\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: ingress-nginx");
        edit("base/network/network-policies.yaml", "  name: default-deny\n", "  name: default-deny-removed\n  annotations: {}\n");
        edit("base/network/network-policies.yaml", "  ingress: []\n  egress: []\n", "  ingress:\n  - {}\n  egress: []\n");

        List<String> faults = ProjectRules.networkPolicies(render("dev"), "ingress-nginx");

        assertThat(faults).anySatisfy(fault -> assertThat(fault).contains("contacts-service reaches").contains("oubli-privacy-db"));
        assertThat(faults).contains("NetworkPolicy web: the ingress controller reaches web",
                "no default-deny NetworkPolicy (every pod, Ingress and Egress, no rule)");
    }

    @Test
    void anImageTaggedLatestOrUntaggedIsReported() throws IOException {
        edit("overlays/production/kustomization.yaml", "    newName: registry.example.com/oubli/gateway\n    newTag: 0.1.0",
                "    newName: registry.example.com/oubli/gateway\n    newTag: latest");
        edit("base/keycloak/keycloak.yaml", "quay.io/keycloak/keycloak:26.0.0", "quay.io/keycloak/keycloak");

        List<String> faults = ProjectRules.pinnedImages(render("production"));

        assertThat(faults).anySatisfy(fault -> assertThat(fault).contains("gateway:latest"));
        assertThat(faults).anySatisfy(fault -> assertThat(fault).contains("Keycloak keycloak"));
    }

    @Test
    void anImageThatIsNotTheBuildsOwnIsReported() throws IOException {
        edit("overlays/production/kustomization.yaml", "newName: registry.example.com/oubli/web", "newName: registry.example.com/oubli/website");

        assertThat(ProjectRules.imagesOfTheBuild(render("production"), Repository.read(Repository.ROOT_POM)))
                .contains("Deployment web: image registry.example.com/oubli/website:0.1.0 is not the build's oubli/web");
    }

    @Test
    void aTopicWhosePartitionsDifferFromTopicsPropertiesOrThatIsMissingIsReported() throws IOException {
        edit("base/kafka/topics.yaml", "  topicName: privacy.requests.v1\n  partitions: 3", "  topicName: privacy.requests.v1\n  partitions: 6");
        String topics = Overlays.topicsProperties() + "\nprivacy.new-topic.v1 = 3\n";

        List<String> faults = ProjectRules.topicsMatch(render("dev"), topics, Overlays.topicsTheCodeUses());

        assertThat(faults).anySatisfy(fault -> assertThat(fault).contains("KafkaTopic privacy.requests.v1").contains("partitions=6"));
        assertThat(faults).anySatisfy(fault -> assertThat(fault).contains("privacy.new-topic.v1 of topics.properties has no KafkaTopic"));
    }

    @Test
    void aTopicTheCodeUsesWithoutKafkaTopicIsReported() throws IOException {
        Map<String, String> properties = new HashMap<>(Overlays.moduleProperties());
        properties.put("contacts-service", properties.get("contacts-service")
                + "\nmp.messaging.outgoing.extra.topic=privacy.unlisted.v1\n");

        List<String> faults = ProjectRules.topicsMatch(Overlays.rendered("dev"), Overlays.topicsProperties(),
                ProjectRules.topicsTheCodeUses(Repository.read(Repository.TOPIC_CONSTANTS), properties.values()));

        assertThat(faults).contains("topic privacy.unlisted.v1 used by the code has no KafkaTopic");
    }

    @Test
    void contactsServiceAllowedToWritePrivacyRequestsIsReported() throws IOException {
        String users = Files.readString(copied("base/kafka/users.yaml"));
        int contacts = users.indexOf("  name: contacts-service\n");
        int acls = users.indexOf("    acls:\n", contacts) + "    acls:\n".length();
        Files.writeString(copy.resolve("base/kafka/users.yaml"), users.substring(0, acls)
                + "      - resource:\n          type: topic\n          name: privacy.requests.v1\n          patternType: literal\n"
                + "        operations:\n          - Write\n" + users.substring(acls));

        List<String> faults = ProjectRules.aclsMatch(render("production"), Repository.read(Repository.EVENTS),
                Overlays.topicsProperties(), Overlays.serviceProperties());

        String writesRequests = "KafkaUser contacts-service grants topic privacy.requests.v1 Write, which docs/events.md does not give it";
        assertThat(faults).contains(writesRequests);
        assertThat(ProjectRules.aclsMatch(Overlays.rendered("production"), Repository.read(Repository.EVENTS),
                Overlays.topicsProperties(), Overlays.serviceProperties())).doesNotContain(writesRequests);
    }

    @Test
    void aConsumerDocsEventsMdListsWithoutItsReadAclIsReported() throws IOException {
        String events = Repository.read(Repository.EVENTS).replace(
                "| privacy-service | contacts-service, knowledge-service |",
                "| privacy-service | contacts-service, knowledge-service, privacy-service |");

        List<String> faults = ProjectRules.aclsMatch(Overlays.rendered("dev"), events, Overlays.topicsProperties(),
                Overlays.serviceProperties());

        assertThat(events).isNotEqualTo(Repository.read(Repository.EVENTS));
        assertThat(faults).contains("KafkaUser privacy-service lacks topic privacy.consents.v1 Read (docs/events.md, application.properties)");
    }

    @Test
    void aRequiredVariableMissingFromItsDeploymentIsReported() throws IOException {
        edit("base/services/contacts-service.yaml", "- name: OUBLI_SUBJECT_INDEX_MASTER_SECRET", "- name: OUBLI_SUBJECT_INDEX_SECRET");

        assertThat(ProjectRules.requiredEnvironment(render("production"), Overlays.moduleProperties()))
                .contains("Deployment contacts-service: OUBLI_SUBJECT_INDEX_MASTER_SECRET is required at start and not set");
    }

    @Test
    void gatewayReplicasThatDifferFromOubliGatewayReplicasAreReported() throws IOException {
        edit("base/services/gateway.yaml", "  replicas: 2", "  replicas: 3");
        edit("base/services/gateway.yaml", "  minReplicas: 2", "  minReplicas: 4");

        assertThat(ProjectRules.gatewayReplicas(render("production"))).containsExactlyInAnyOrder(
                "Deployment gateway: OUBLI_GATEWAY_REPLICAS is 2, its replicas 3",
                "HorizontalPodAutoscaler gateway: minReplicas 4, OUBLI_GATEWAY_REPLICAS 2");
    }

    @Test
    void aKafkaPasswordMissingFromAServiceDeploymentIsReported() throws IOException {
        edit("base/services/knowledge-service.yaml", "- name: OUBLI_KAFKA_PASSWORD", "- name: OUBLI_KAFKA_SECRET");

        assertThat(ProjectRules.requiredEnvironment(render("production"), Overlays.moduleProperties()))
                .contains("Deployment knowledge-service: OUBLI_KAFKA_PASSWORD is required at start and not set");
    }

    @Test
    void aConfigMapKeyTheEnvironmentReadsButNoConfigMapHoldsIsReported() throws IOException {
        edit("base/config/config.yaml", "  oidc-url:", "  oidc-address:");

        assertThat(ProjectRules.requiredEnvironment(render("dev"), Overlays.moduleProperties()))
                .anySatisfy(fault -> assertThat(fault).contains("OUBLI_OIDC_URL reads ConfigMap oubli-config key oidc-url"));
    }

    @Test
    void aSecretInTheProductionOverlayIsReported() throws IOException {
        edit("overlays/production/kustomization.yaml", "generatorOptions:",
                "secretGenerator:\n  - name: oubli-secrets\n    literals: [subject-index-master-secret=abc]\ngeneratorOptions:");

        assertThat(ProjectRules.noCommittedSecrets(render("production"), false))
                .contains("Secret oubli-secrets: secret values belong to the dev overlay only");
        assertThat(ProjectRules.noCommittedSecrets(render("dev"), true)).isEmpty();
    }

    @Test
    void aRealmWithThePasswordGrantOrUsersOrNoTlsIsReported() throws IOException {
        edit("base/keycloak/realm-import.json", "\"directAccessGrantsEnabled\": false", "\"directAccessGrantsEnabled\": true");
        edit("base/keycloak/realm-import.json", "\"sslRequired\": \"external\"", "\"sslRequired\": \"none\"");
        edit("base/keycloak/realm-import.json", "\"clients\": [", "\"users\": [{\"username\": \"demo\"}],\n      \"clients\": [");

        List<String> faults = ProjectRules.productionRealm(render("production"), Repository.read(Repository.DEV_REALM));

        assertThat(faults).contains("KeycloakRealmImport oubli-realm: sslRequired is not external",
                "KeycloakRealmImport oubli-realm: has users",
                "KeycloakRealmImport oubli-realm: client oubli-web allows the password grant");
    }

    // ------------------------------------------------------------------

    private List<JsonNode> render(String overlay) {
        return Kustomize.render(copy.resolve("overlays").resolve(overlay));
    }

    private List<String> schemaFaults(String overlay) {
        List<String> faults = new ArrayList<>();
        render(overlay).forEach(object -> faults.addAll(Overlays.SCHEMAS.violations(object)));
        return faults;
    }

    /** Replaces every occurrence of a text that must be in the copy's file. */
    private void edit(String file, String text, String replacement) throws IOException {
        Path target = copied(file);
        String content = Files.readString(target);
        assertThat(content).as("%s holds the text to break", file).contains(text);
        Files.writeString(target, content.replace(text, replacement));
    }

    /** A file of the copy of deploy/kubernetes, made on first use. */
    private Path copied(String file) throws IOException {
        if (!Files.exists(copy.resolve("base"))) {
            try (Stream<Path> paths = Files.walk(Repository.KUSTOMIZE)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Path target = copy.resolve(Repository.KUSTOMIZE.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target);
                    }
                }
            }
        }
        return copy.resolve(file);
    }
}

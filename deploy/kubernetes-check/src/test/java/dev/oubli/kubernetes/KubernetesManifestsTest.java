package dev.oubli.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay of deploy/kubernetes renders with kubectl kustomize, every object validates against the pinned
 * Kubernetes and operator schemas, and the project's rules hold. BrokenManifestsTest shows each check can fail.
 */
class KubernetesManifestsTest {

    static List<String> overlays() {
        return Overlays.names();
    }

    @Test
    void thereIsADevAndAProductionOverlay() {
        assertThat(overlays()).contains("dev", "production");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectValidatesAgainstTheSchemaOfItsPinnedVersion(String overlay) {
        List<JsonNode> objects = Overlays.rendered(overlay);
        List<String> faults = new ArrayList<>();
        objects.forEach(object -> faults.addAll(Overlays.SCHEMAS.violations(object)));
        assertThat(objects).hasSizeGreaterThan(50);
        assertThat(faults).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentHasProbesLimitsAndARestrictedSecurityContext(String overlay) {
        assertThat(ProjectRules.ofKind(Overlays.rendered(overlay), "Deployment")).hasSize(Overlays.MODULES.size());
        assertThat(ProjectRules.hardenedDeployments(Overlays.rendered(overlay))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkPoliciesDenyByDefaultAndLetEachServiceReachOnlyItsOwnDependencies(String overlay) {
        assertThat(ProjectRules.ofKind(Overlays.rendered(overlay), "NetworkPolicy")).isNotEmpty();
        assertThat(ProjectRules.networkPolicies(Overlays.rendered(overlay), "ingress-nginx")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyImageIsPinnedAndNoneIsLatest(String overlay) {
        assertThat(ProjectRules.pinnedImages(Overlays.rendered(overlay))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentRunsTheImageJibBuildsForItsModule(String overlay) {
        assertThat(ProjectRules.imagesOfTheBuild(Overlays.rendered(overlay), Repository.read(Repository.ROOT_POM))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicOfTopicsPropertiesAndOfTheCodeIsAKafkaTopicWithItsPartitions(String overlay) {
        assertThat(Overlays.topicsTheCodeUses()).contains("privacy.requests.v1", "privacy.requests.v1.dlq");
        assertThat(ProjectRules.topicsMatch(Overlays.rendered(overlay), Overlays.topicsProperties(), Overlays.topicsTheCodeUses()))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyKafkaUserGrantsExactlyWhatDocsEventsMdGivesItsService(String overlay) {
        assertThat(ProjectRules.expectedAcls(Repository.read(Repository.EVENTS), Overlays.topicsProperties(), Overlays.serviceProperties())
                .get("contacts-service")).contains("topic privacy.requests.v1 Read").doesNotContain("topic privacy.requests.v1 Write");
        assertThat(ProjectRules.aclsMatch(Overlays.rendered(overlay), Repository.read(Repository.EVENTS), Overlays.topicsProperties(),
                Overlays.serviceProperties())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyVariableAServiceRequiresAtStartIsSet(String overlay) {
        assertThat(ProjectRules.requiredVariables(Overlays.moduleProperties().get("privacy-service")))
                .contains("OUBLI_SUBJECT_INDEX_MASTER_SECRET", "OUBLI_CERTIFICATE_SIGNING_KEYSET", "OUBLI_KAFKA_PASSWORD");
        assertThat(ProjectRules.requiredEnvironment(Overlays.rendered(overlay), Overlays.moduleProperties())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theGatewayKnowsHowManyReplicasShareItsRateBudgets(String overlay) {
        assertThat(ProjectRules.gatewayReplicas(Overlays.rendered(overlay))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretValueIsCommittedOutsideTheDevOverlay(String overlay) {
        assertThat(ProjectRules.noCommittedSecrets(Overlays.rendered(overlay), overlay.equals("dev"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theImportedRealmIsTheLocalRealmWithoutUsersSecretsOrPasswordGrant(String overlay) {
        assertThat(ProjectRules.productionRealm(Overlays.rendered(overlay), Repository.read(Repository.DEV_REALM))).isEmpty();
    }
}

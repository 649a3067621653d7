import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Sets up the local broker, in one JVM (each Kafka CLI call costs a JVM start): creates the topics listed in
 * topics.properties that do not exist yet, and makes the ACLs of the services' users those of the KafkaUsers in
 * deploy/kubernetes/base/kafka/users.yaml (one source of truth for the ACLs, docs/adr/0033), each group's also on
 * its e2e- copy (the e2e suite's groups): missing ones are added, any other ACL of those users is removed. Run by ./dev as a single-file program:
 * java -cp kafka-libs CreateTopics.java admin-client.properties topics.properties users.yaml
 */
public class CreateTopics {

    public static void main(String[] args) throws IOException, InterruptedException, ExecutionException {
        Properties client = load(args[0]);
        Properties topics = load(args[1]);
        try (Admin admin = Admin.create(client)) {
            createTopics(admin, topics);
            applyAcls(admin, new File(args[2]));
        }
    }

    static Properties load(String file) throws IOException {
        Properties properties = new Properties();
        try (FileReader reader = new FileReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    static void createTopics(Admin admin, Properties topics) throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        Map<ConfigResource, Collection<AlterConfigOp>> changed = new HashMap<>();
        for (String name : topics.stringPropertyNames()) {
            String[] parts = topics.getProperty(name).split(",");
            Map<String, String> config = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] pair = parts[i].trim().split("=", 2);
                config.put(pair[0], pair[1]);
            }
            if (!existing.contains(name)) {
                missing.add(new NewTopic(name, Integer.parseInt(parts[0].trim()), (short) 1).configs(config));
            } else if (!config.isEmpty()) {
                // A setting added to the file later (a dead-letter retention) reaches a topic created before it.
                changed.put(new ConfigResource(ConfigResource.Type.TOPIC, name), config.entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList());
            }
        }
        admin.createTopics(missing).all().get();
        admin.incrementalAlterConfigs(changed).all().get();
        System.out.println("topics created: " + missing.stream().map(NewTopic::name).toList());
    }

    static void applyAcls(Admin admin, File usersYaml) throws IOException, InterruptedException, ExecutionException {
        Set<AclBinding> wanted = new HashSet<>();
        Set<String> principals = new HashSet<>();
        try (MappingIterator<JsonNode> users = new YAMLMapper().readerFor(JsonNode.class).readValues(usersYaml)) {
            for (JsonNode user : users.readAll()) {
                if (!"KafkaUser".equals(user.path("kind").asText())) {
                    continue;
                }
                String principal = "User:" + user.path("metadata").path("name").asText();
                principals.add(principal);
                for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    ResourcePattern pattern = new ResourcePattern(
                            ResourceType.fromString(resource.path("type").asText().toUpperCase(Locale.ROOT)),
                            resource.path("name").asText(),
                            PatternType.fromString(resource.path("patternType").asText("literal").toUpperCase(Locale.ROOT)));
                    List<ResourcePattern> patterns = new ArrayList<>(List.of(pattern));
                    if (pattern.resourceType() == ResourceType.GROUP) {
                        // The e2e suite runs the services with consumer groups of their own (e2e-<group>), so a
                        // suite of ./dev up never takes its events: the same right on that copy of the group.
                        patterns.add(new ResourcePattern(ResourceType.GROUP, "e2e-" + pattern.name(), pattern.patternType()));
                    }
                    for (ResourcePattern granted : patterns) {
                        for (JsonNode operation : acl.path("operations")) {
                            wanted.add(new AclBinding(granted, new AccessControlEntry(principal, acl.path("host").asText("*"),
                                    AclOperation.fromString(operation.asText().toUpperCase(Locale.ROOT)), AclPermissionType.ALLOW)));
                        }
                    }
                }
            }
        }
        Collection<AclBinding> existing = admin.describeAcls(AclBindingFilter.ANY).values().get();
        List<AclBindingFilter> stale = existing.stream()
                .filter(binding -> principals.contains(binding.entry().principal()) && !wanted.contains(binding))
                .map(binding -> new AclBindingFilter(new ResourcePatternFilter(binding.pattern().resourceType(),
                        binding.pattern().name(), binding.pattern().patternType()),
                        new AccessControlEntryFilter(binding.entry().principal(), binding.entry().host(),
                                binding.entry().operation(), binding.entry().permissionType())))
                .toList();
        List<AclBinding> missing = wanted.stream().filter(binding -> !existing.contains(binding)).toList();
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get();
        }
        admin.createAcls(missing).all().get();
        System.out.println("ACLs: " + missing.size() + " added, " + stale.size() + " removed, for " + principals.stream().sorted().toList());
    }
}

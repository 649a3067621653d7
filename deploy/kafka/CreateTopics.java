import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

import java.io.FileReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Creates the topics listed in topics.properties that do not exist yet, in one JVM (each Kafka CLI call
 * costs a JVM start). Run by ./dev as a single-file program: java -cp kafka-libs CreateTopics.java ...
 */
public class CreateTopics {

    public static void main(String[] args) throws IOException, InterruptedException, ExecutionException {
        Properties topics = new Properties();
        try (FileReader reader = new FileReader(args[1])) {
            topics.load(reader);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
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
    }
}

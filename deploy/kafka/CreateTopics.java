import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.FileReader;
import java.io.IOException;
import java.util.ArrayList;
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
            for (String name : topics.stringPropertyNames()) {
                if (existing.contains(name)) {
                    continue;
                }
                String[] parts = topics.getProperty(name).split(",");
                Map<String, String> config = new HashMap<>();
                for (int i = 1; i < parts.length; i++) {
                    String[] pair = parts[i].trim().split("=", 2);
                    config.put(pair[0], pair[1]);
                }
                missing.add(new NewTopic(name, Integer.parseInt(parts[0].trim()), (short) 1).configs(config));
            }
            admin.createTopics(missing).all().get();
            System.out.println("topics created: " + missing.stream().map(NewTopic::name).toList());
        }
    }
}

package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;
import dev.oubli.privacy.PrivacyConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The configured data owners and the request types each handles ({@link PrivacyConfig#owners()}). */
@ApplicationScoped
class OwnerRegistry {

    private final Map<String, Set<RequestType>> owners = new TreeMap<>();

    OwnerRegistry(PrivacyConfig config) {
        config.owners().forEach((owner, types) -> owners.put(owner, parse(owner, types)));
    }

    /** The owners that handle {@code type}, by name. */
    List<String> handling(RequestType type) {
        return owners.entrySet().stream().filter(owner -> owner.getValue().contains(type)).map(Map.Entry::getKey).toList();
    }

    private static Set<RequestType> parse(String owner, String types) {
        Set<RequestType> parsed = EnumSet.noneOf(RequestType.class);
        if (types.isBlank() || types.strip().equalsIgnoreCase("none")) {
            return parsed;
        }
        for (String type : types.split(",")) {
            parsed.add(Arrays.stream(RequestType.values()).filter(t -> t.name().equals(type.strip())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("oubli.privacy.owners." + owner + ": " + type.strip()
                            + " is not a request type; use " + Arrays.toString(RequestType.values()) + " or none")));
        }
        return parsed;
    }
}

package dev.oubli.web.page;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The pages' texts, one file per language ({@code i18n/messages_<lang>.properties}, UTF-8), read once. */
@ApplicationScoped
public class Messages {

    private final Map<Language, Map<String, String>> texts = new EnumMap<>(Language.class);

    Messages() {
        for (Language language : Language.values()) {
            texts.put(language, load("i18n/messages_" + language.code() + ".properties"));
        }
    }

    public Map<String, String> of(Language language) {
        return texts.get(language);
    }

    private static Map<String, String> load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.forEach((key, value) -> map.put((String) key, (String) value));
        return Map.copyOf(map);
    }
}

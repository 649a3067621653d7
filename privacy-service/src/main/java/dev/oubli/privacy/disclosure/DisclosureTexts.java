package dev.oubli.privacy.disclosure;

import dev.oubli.privacy.ConsentConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders AI-disclosure texts from Qute templates, parsed once per distinct template (the pre-contact check
 * renders one per allowed answer).
 */
@ApplicationScoped
public class DisclosureTexts {

    static final String DEFAULT_VERSION = "default";
    private static final int MAXIMUM_CACHED = 10_000;

    private final Engine engine;
    private final String defaultTemplate;
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    DisclosureTexts(Engine engine, ConsentConfig config) {
        this.engine = engine;
        this.defaultTemplate = config.disclosure().defaultTemplate();
        parse(defaultTemplate);
    }

    /**
     * The text of a policy, or of the default when {@code template} is null.
     *
     * @param agentName the name the agent introduces itself by; the agent id when null
     */
    public String render(String template, String agentId, String channel, String agentName, String agentRole, String companyName) {
        Map<String, Object> data = new HashMap<>();
        data.put("agentId", agentId);
        data.put("channel", channel);
        data.put("agentName", agentName == null ? agentId : agentName);
        data.put("agentRole", agentRole);
        data.put("companyName", companyName);
        return parse(template == null ? defaultTemplate : template).render(data).strip();
    }

    String defaultTemplate() {
        return defaultTemplate;
    }

    /** @throws IllegalArgumentException when the text is not a valid Qute template */
    Template parse(String template) {
        Template cached = parsed.get(template);
        if (cached != null) {
            return cached;
        }
        if (parsed.size() >= MAXIMUM_CACHED) {
            parsed.clear();
        }
        try {
            Template fresh = engine.parse(template);
            parsed.put(template, fresh);
            return fresh;
        } catch (TemplateException e) {
            throw new IllegalArgumentException("not a valid template", e);
        }
    }
}

package dev.oubli.privacy.disclosure;

import dev.oubli.privacy.ConsentConfig;
import dev.oubli.privacy.disclosure.DisclosureTemplate.Placeholder;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;

/**
 * Renders AI-disclosure texts: literal text and a closed set of placeholders, substituted in one pass (the
 * pre-contact check renders one per allowed answer). Never a template engine: the text is the tenant's (ADR 0019).
 */
@ApplicationScoped
public class DisclosureTexts {

    private static final String DEFAULT_ROLE = "assistant";

    private final String defaultTemplate;
    private final String defaultTemplateWithCompany;

    DisclosureTexts(ConsentConfig config) {
        this.defaultTemplate = config.disclosure().defaultTemplate();
        this.defaultTemplateWithCompany = config.disclosure().defaultTemplateWithCompany();
        try {
            DisclosureTemplate.parse(defaultTemplate);
            DisclosureTemplate.parse(defaultTemplateWithCompany);
        } catch (DisclosureTemplate.InvalidTemplate e) {
            throw new IllegalStateException("oubli.consent.disclosure.default-template[-with-company]: " + e.getMessage());
        }
    }

    /**
     * The text of a policy, or the default when {@code template} is null (no policy).
     *
     * @param agentName the name the agent introduces itself by; the agent id when null
     * @throws IllegalStateException when a stored template is not valid (every one is checked when saved, V35)
     */
    public String render(String template, String agentId, String channel, String agentName, String agentRole, String companyName) {
        DisclosureTemplate parsed;
        try {
            parsed = DisclosureTemplate.parse(template == null ? defaultTemplate(present(companyName) ? companyName : null) : template);
        } catch (DisclosureTemplate.InvalidTemplate e) {
            throw new IllegalStateException("A stored disclosure template is not valid", e);
        }
        Map<Placeholder, String> values = new EnumMap<>(Placeholder.class);
        values.put(Placeholder.AGENT_NAME, present(agentName) ? agentName : agentId);
        values.put(Placeholder.AGENT_ROLE, present(agentRole) ? agentRole : DEFAULT_ROLE);
        values.put(Placeholder.COMPANY_NAME, companyName);
        values.put(Placeholder.AGENT_ID, agentId);
        values.put(Placeholder.CHANNEL, channel);
        return parsed.render(values).strip();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The default text of a policy naming this company (null: none). */
    String defaultTemplate(String companyName) {
        return companyName == null ? defaultTemplate : defaultTemplateWithCompany;
    }
}

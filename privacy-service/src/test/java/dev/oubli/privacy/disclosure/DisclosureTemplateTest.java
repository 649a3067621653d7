package dev.oubli.privacy.disclosure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DisclosureTemplateTest {

    static final Map<DisclosureTemplate.Placeholder, String> VALUES = new EnumMap<>(Map.of(
            DisclosureTemplate.Placeholder.AGENT_NAME, "Emile",
            DisclosureTemplate.Placeholder.AGENT_ROLE, "copywriter",
            DisclosureTemplate.Placeholder.COMPANY_NAME, "Acme",
            DisclosureTemplate.Placeholder.AGENT_ID, "emile",
            DisclosureTemplate.Placeholder.CHANNEL, "EMAIL"));

    static String render(String template) {
        return DisclosureTemplate.parse(template).render(VALUES);
    }

    @Test
    void substitutesEveryPlaceholderOfTheClosedSet() {
        assertThat(render("{agentName}, the AI {agentRole} of {companyName} ({agentId}, {channel})"))
                .isEqualTo("Emile, the AI copywriter of Acme (emile, EMAIL)");
    }

    @Test
    void keepsPlainTextAsItIs() {
        assertThat(render("")).isEmpty();
        assertThat(render("Je suis une IA. \\ ' \" <b>&amp; $x #y\nÀ bientôt 🤖\t!"))
                .isEqualTo("Je suis une IA. \\ ' \" <b>&amp; $x #y\nÀ bientôt 🤖\t!");
    }

    @Test
    void substitutedValuesAreNeverReadAsTemplates() {
        Map<DisclosureTemplate.Placeholder, String> values = new EnumMap<>(VALUES);
        values.put(DisclosureTemplate.Placeholder.AGENT_NAME, "{config:['quarkus.datasource.password']} {{");
        assertThat(DisclosureTemplate.parse("{agentName}").render(values))
                .isEqualTo("{config:['quarkus.datasource.password']} {{");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{{|{",
            "}}|}",
            "{{agentName}}|{agentName}",
            "{{{agentName}}}|{Emile}",
            "a {{ b }} c|a { b } c",
    })
    void writesALiteralBraceDoubled(String template, String rendered) {
        assertThat(render(template)).isEqualTo(rendered);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{config:['quarkus.datasource.password']}|character 1: a namespace",
            "Hi {inject:vertx}|character 4: a namespace",
            "{#for i in 10}{i}{/for}|character 1: a section",
            "{/if}|character 1: a section",
            "{! comment !}|character 1: a comment",
            "{agentName.getClass()}|character 1: an expression",
            "{agentName ?: 'x'}|character 1: an expression",
            "{agentName[0]}|character 1: an expression",
            "{agentname}|character 1: an unknown placeholder",
            "{_args}|character 1: an unknown placeholder",
            "{}|character 1: an empty placeholder",
            "{agentName|character 1: a '{' without its closing '}'",
            "ok {agentName{channel}}|character 4: a '{' without its closing '}'",
            "{agentName}}|character 12: a '}' without its opening '{'",
    })
    void refusesAnythingElseNamingThePositionAndTheKindButNotTheText(String template, String reason) {
        assertThatThrownBy(() -> DisclosureTemplate.parse(template))
                .isInstanceOf(DisclosureTemplate.InvalidTemplate.class)
                .hasMessageStartingWith("template, " + reason)
                .hasMessageContaining("{agentName}, {agentRole}, {companyName}, {agentId}, {channel}")
                .message().doesNotContain("quarkus", "getClass", "agentname", "vertx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\r", "\u000b", "\u000c", "\u001b", "\u007f", "\u0085", "\ud800", "x\udc00",
            "\ud83e"})
    void refusesControlCharactersAndLoneSurrogates(String character) {
        assertThatThrownBy(() -> DisclosureTemplate.parse("Hi " + character + " there"))
                .isInstanceOf(DisclosureTemplate.InvalidTemplate.class)
                .hasMessageStartingWith("template, character ");
    }

    @Test
    void refusesATemplateLongerThanItsLimit() {
        assertThat(render("x".repeat(DisclosureTemplate.MAXIMUM_LENGTH))).hasSize(DisclosureTemplate.MAXIMUM_LENGTH);
        assertThatThrownBy(() -> DisclosureTemplate.parse("x".repeat(DisclosureTemplate.MAXIMUM_LENGTH + 1)))
                .isInstanceOf(DisclosureTemplate.InvalidTemplate.class)
                .hasMessage("template is longer than 2000 characters.");
    }

    @Test
    void rendersAPlaceholderWithoutValueAsNothing() {
        assertThat(DisclosureTemplate.parse("[{companyName}]").render(Map.of())).isEqualTo("[]");
    }
}

package dev.oubli.knowledge.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The corpus of true and false positives in {@code guard/corpus.tsv}: each line must be detected exactly as labelled. */
class SensitiveDataCorpusTest {

    private static final String CORPUS = "/guard/corpus.tsv";

    private final SensitiveDataGuard guard = new SensitiveDataGuard();

    record Example(int line, Optional<SensitiveDataKind> expected, String text) {

        @Override
        public String toString() {
            return "line " + line + " (" + expected.map(Enum::name).orElse("NONE") + ")";
        }
    }

    static List<Example> corpus() {
        List<Example> examples = new ArrayList<>();
        try (InputStream in = SensitiveDataCorpusTest.class.getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                assertThat(tab).as("line %d has a tab after its label", number).isPositive();
                String label = line.substring(0, tab);
                Optional<SensitiveDataKind> expected =
                        label.equals("NONE") ? Optional.empty() : Optional.of(SensitiveDataKind.valueOf(label));
                examples.add(new Example(number, expected, line.substring(tab + 1).replace("\\n", "\n")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void detectsExactlyWhatTheCorpusLineIsLabelledWith(Example example) {
        List<SensitiveDataKind> detected = guard.inspect(example.text(), GuardPolicy.everyKind(GuardAction.WARN))
                .findings().stream()
                .map(finding -> finding.finding().kind())
                .toList();

        assertThat(detected).as(example.toString()).isEqualTo(example.expected().stream().toList());
    }

    @Test
    void corpusHoldsAtLeastSixtyExamplesWithTruePositivesOfEveryKindAndManyFalsePositives() {
        List<Example> examples = corpus();
        Map<SensitiveDataKind, Long> truePositives = examples.stream()
                .filter(example -> example.expected().isPresent())
                .collect(Collectors.groupingBy(example -> example.expected().orElseThrow(),
                        () -> new EnumMap<>(SensitiveDataKind.class), Collectors.counting()));
        long falsePositives = examples.stream().filter(example -> example.expected().isEmpty()).count();

        assertThat(examples).hasSizeGreaterThanOrEqualTo(60);
        assertThat(truePositives).containsOnlyKeys(SensitiveDataKind.values());
        assertThat(truePositives.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(5));
        assertThat(falsePositives).isGreaterThanOrEqualTo(30);
    }
}

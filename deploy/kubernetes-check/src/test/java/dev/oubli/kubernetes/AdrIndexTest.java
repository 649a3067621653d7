package dev.oubli.kubernetes;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/adr/README.md lists every decision record, once, and links only records that exist. */
class AdrIndexTest {

    private static final Path ADR = Repository.ROOT.resolve("docs/adr");
    private static final Pattern LINK = Pattern.compile("^\\| \\[(\\d{4})]\\((\\d{4}-[^)]+\\.md)\\)", Pattern.MULTILINE);

    @Test
    void theIndexListsEveryRecordOnce() throws IOException {
        List<String> records;
        try (Stream<Path> files = Files.list(ADR)) {
            records = files.map(file -> file.getFileName().toString()).filter(name -> name.matches("\\d{4}-.+\\.md")).sorted().toList();
        }
        Matcher links = LINK.matcher(Files.readString(ADR.resolve("README.md")));
        List<String> linked = links.results().map(link -> {
            assertThat(link.group(2)).as("link text and target of " + link.group(2)).startsWith(link.group(1));
            return link.group(2);
        }).toList();
        assertThat(linked).as("records linked from docs/adr/README.md").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(records);
    }
}

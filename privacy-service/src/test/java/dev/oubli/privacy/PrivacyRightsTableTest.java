package dev.oubli.privacy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The root README's privacy-rights table names tests that exist: a renamed or deleted test fails here. */
class PrivacyRightsTableTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern TEST_NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))`");

    @Test
    void everyTestTheReadmesPrivacyRightsTableNamesExistsInTheRepository() throws IOException {
        List<String> named = namedInTheTable(Files.readString(ROOT.resolve("README.md")));
        assertThat(named).as("tests named in the README's privacy-rights table").hasSizeGreaterThan(10);

        Set<String> existing = new java.util.HashSet<>();
        for (Path module : modules()) {
            Path tests = module.resolve("src/test/java");
            if (Files.isDirectory(tests)) {
                try (Stream<Path> files = Files.walk(tests)) {
                    files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".java"))
                            .map(name -> name.substring(0, name.length() - ".java".length()))
                            .forEach(existing::add);
                }
            }
        }
        assertThat(existing).as("test classes of the repository").containsAll(named);
    }

    /** The top-level modules and those under libs/ (not the platform's data under .dev). */
    static List<Path> modules() throws IOException {
        List<Path> modules = new ArrayList<>();
        for (Path parent : List.of(ROOT, ROOT.resolve("libs"))) {
            try (Stream<Path> children = Files.list(parent)) {
                children.filter(Files::isDirectory).filter(dir -> !dir.getFileName().toString().startsWith(".")).forEach(modules::add);
            }
        }
        return modules;
    }

    /** The backquoted test names of the section "Privacy rights", up to the next heading. */
    static List<String> namedInTheTable(String readme) {
        int start = readme.indexOf("## Privacy rights");
        assertThat(start).as("the README's privacy-rights section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        Matcher names = TEST_NAME.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<String> found = new ArrayList<>();
        while (names.find()) {
            found.add(names.group(1));
        }
        return found;
    }
}

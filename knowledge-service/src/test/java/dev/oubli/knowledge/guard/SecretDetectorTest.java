package dev.oubli.knowledge.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretDetectorTest {

    private final SecretDetector detector = new SecretDetector();

    @Test
    void anAssignmentFindingCoversTheValueOnly() {
        assertThat(values("password=hunter2")).containsExactly("hunter2");
        assertThat(values("export DB_PASSWORD='s3cr3t!' && run")).containsExactly("s3cr3t!");
        assertThat(values("{\"Api-Key\" : \"k3y\", \"user\": \"bob\"}")).containsExactly("k3y");
        assertThat(values("Secret: 42\npwd => x9")).containsExactly("42", "x9");
    }

    @Test
    void anAssignmentWithNoValueOrAPlaceholderIsNotASecret() {
        assertThat(values("password=\npassword= \npassword=\"\"\npassword=${DB_PASSWORD}\npassword=****")).isEmpty();
    }

    @Test
    void aPrivateKeyBlockRunsFromItsBeginLineToItsEndLine() {
        String key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIEXAMPLE\n-----END EC PRIVATE KEY-----";

        assertThat(values("before\n" + key + "\nafter")).containsExactly(key);
    }

    @Test
    void aPrivateKeyPastedInPartRunsOverItsBase64LinesOnly() {
        String part = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\nhkiG9w0BAQEFAASC";

        assertThat(values(part + "\n\nThanks, Bob")).containsExactly(part);
    }

    @Test
    void anEncryptedPrivateKeyIncludesItsHeadersAndTheBlankLineAfterThem() {
        String part = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\nMIIEpAIBAAKC";

        assertThat(values(part + "\n\nnext paragraph")).containsExactly(part);
    }

    @Test
    void aTokenGluedToOtherCharactersIsNotATokenShape() {
        assertThat(values("xAKIAIOSFODNN7EXAMPLE AKIAIOSFODNN7EXAMPLEx AKIAIOSFODNN7EXAMPLE"))
                .containsExactly("AKIAIOSFODNN7EXAMPLE");
    }

    private List<String> values(String text) {
        return detector.findIn(text).stream().map(finding -> text.substring(finding.start(), finding.end())).toList();
    }
}

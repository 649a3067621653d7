package dev.oubli.sealing;

import dev.oubli.events.ExportChunk;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportSealingTest {

    private static final UUID REQUEST = UUID.randomUUID();
    private static final String OWNER = "contacts-service";
    private final ExportKeyPair keys = ExportSealing.newKeyPair();

    @Test
    void aLargePartTravelsInBoundedChunksAndOpensWholeInAnyOrder() throws GeneralSecurityException {
        byte[] part = new byte[ExportChunk.MAX_PLAINTEXT_BYTES * 2 + 17];
        new Random(7).nextBytes(part);

        List<ExportChunk> chunks = new ArrayList<>(ExportSealing.seal(keys.publicKeyset(), REQUEST, OWNER, part));
        Collections.reverse(chunks);

        assertThat(chunks).hasSize(3).allSatisfy(chunk -> assertThat(chunk.count()).isEqualTo(3));
        assertThat(ExportSealing.open(keys.privateKeyset(), REQUEST, OWNER, chunks)).isEqualTo(part);
    }

    @Test
    void anEmptyPartIsOneChunk() throws GeneralSecurityException {
        List<ExportChunk> chunks = ExportSealing.seal(keys.publicKeyset(), REQUEST, OWNER, new byte[0]);

        assertThat(chunks).hasSize(1);
        assertThat(ExportSealing.open(keys.privateKeyset(), REQUEST, OWNER, chunks)).isEmpty();
    }

    @Test
    void theCiphertextDoesNotShowThePlaintext() throws GeneralSecurityException {
        byte[] part = "{\"records\":{\"contacts\":[{\"email\":\"ada@example.com\"}]}}".getBytes(StandardCharsets.UTF_8);

        ExportChunk chunk = ExportSealing.seal(keys.publicKeyset(), REQUEST, OWNER, part).get(0);

        assertThat(chunk.ciphertext()).doesNotContain("ada").doesNotContain("example");
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(chunk.ciphertext()), StandardCharsets.ISO_8859_1))
                .doesNotContain("ada@example.com");
    }

    @Test
    void anotherRequestsKeyOpensNothing() throws GeneralSecurityException {
        List<ExportChunk> chunks = ExportSealing.seal(keys.publicKeyset(), REQUEST, OWNER, "x".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ExportSealing.open(ExportSealing.newKeyPair().privateKeyset(), REQUEST, OWNER, chunks))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aMissingAlteredOrMovedChunkIsRefused() throws GeneralSecurityException {
        byte[] part = new byte[ExportChunk.MAX_PLAINTEXT_BYTES + 1];
        List<ExportChunk> chunks = ExportSealing.seal(keys.publicKeyset(), REQUEST, OWNER, part);
        ExportChunk first = chunks.get(0);
        String ciphertext = first.ciphertext();
        char flipped = ciphertext.charAt(40) == 'A' ? 'B' : 'A';
        ExportChunk altered = new ExportChunk(REQUEST, OWNER, 0, 2,
                ciphertext.substring(0, 40) + flipped + ciphertext.substring(41), first.sealedAt());
        ExportChunk swapped = new ExportChunk(REQUEST, OWNER, 1, 2, first.ciphertext(), first.sealedAt());

        assertThatThrownBy(() -> ExportSealing.open(keys.privateKeyset(), REQUEST, OWNER, List.of(first)))
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> ExportSealing.open(keys.privateKeyset(), REQUEST, OWNER, List.of(altered, chunks.get(1))))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> ExportSealing.open(keys.privateKeyset(), REQUEST, OWNER, List.of(chunks.get(1), swapped)))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> ExportSealing.open(keys.privateKeyset(), REQUEST, "knowledge-service", chunks))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void onlyAPublicKeysetSeals() {
        assertThatThrownBy(() -> ExportSealing.seal(keys.privateKeyset(), REQUEST, OWNER, new byte[1]))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> ExportSealing.seal("{}", REQUEST, OWNER, new byte[1]))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void thePrivateKeyIsNeverPrinted() {
        assertThat(keys.toString()).doesNotContain(keys.privateKeyset());
    }
}

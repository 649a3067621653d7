package dev.oubli.sealing;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig;
import dev.oubli.events.ExportChunk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * End-to-end encrypted exports (docs/architecture.md, "A privacy request, end to end", step 4; docs/adr/0006). The privacy
 * service makes a one-off key pair per request and sends the public half in the request event; each owner
 * seals its part into {@link ExportChunk}s; only the private half, destroyed when the bundle expires, opens
 * them. Tink hybrid encryption: HPKE with X25519, HKDF-SHA256 and AES-256-GCM.
 *
 * <p>Each chunk's context info binds the request, the owner, its index and the chunk count, so a chunk
 * cannot be moved to another request or owner, reordered, or dropped without {@link #open} failing.
 */
public final class ExportSealing {

    private static final String KEY_TEMPLATE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    static {
        try {
            HybridConfig.register();
        } catch (GeneralSecurityException unavailable) {
            throw new ExceptionInInitializerError(unavailable);
        }
    }

    private ExportSealing() {
    }

    /** A new one-off key pair for one request's export. */
    public static ExportKeyPair newKeyPair() {
        try {
            KeysetHandle privateKeyset = KeysetHandle.generateNew(KeyTemplates.get(KEY_TEMPLATE));
            return new ExportKeyPair(
                    TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(privateKeyset.getPublicKeysetHandle()),
                    TinkJsonProtoKeysetFormat.serializeKeyset(privateKeyset, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("Tink hybrid encryption is unavailable", unavailable);
        }
    }

    /**
     * An owner's part of an export, sealed in chunks of at most {@link ExportChunk#MAX_PLAINTEXT_BYTES}
     * (an empty part gives one chunk).
     *
     * @param exportPublicKey the request event's {@code exportPublicKey}
     * @param part            the owner's part: UTF-8 JSON, see this library's README
     * @throws GeneralSecurityException if {@code exportPublicKey} is not a hybrid public keyset; the owner
     *                                  answers {@code TaskFailed} with {@code INVALID_REQUEST}
     */
    public static List<ExportChunk> seal(String exportPublicKey, UUID requestId, String owner, byte[] part)
            throws GeneralSecurityException {
        HybridEncrypt encrypt = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(exportPublicKey)
                .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
        int size = ExportChunk.MAX_PLAINTEXT_BYTES;
        int count = Math.max(1, (part.length + size - 1) / size);
        Instant now = Instant.now();
        List<ExportChunk> chunks = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            byte[] plaintext = Arrays.copyOfRange(part, index * size, Math.min(part.length, (index + 1) * size));
            byte[] ciphertext = encrypt.encrypt(plaintext, contextInfo(requestId, owner, index, count));
            chunks.add(new ExportChunk(requestId, owner, index, count, BASE64URL.encodeToString(ciphertext), now));
        }
        return chunks;
    }

    /**
     * The owner's part, from all its chunks in any order.
     *
     * @throws GeneralSecurityException if a chunk is missing, duplicated, altered, sealed for another request
     *                                  or owner, or the key is not the request's
     */
    public static byte[] open(String privateKeyset, UUID requestId, String owner, Collection<ExportChunk> chunks)
            throws GeneralSecurityException {
        HybridDecrypt decrypt = TinkJsonProtoKeysetFormat.parseKeyset(privateKeyset, InsecureSecretKeyAccess.get())
                .getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
        if (chunks.isEmpty()) {
            throw new GeneralSecurityException("no chunk");
        }
        int count = chunks.iterator().next().count();
        ExportChunk[] ordered = new ExportChunk[count];
        for (ExportChunk chunk : chunks) {
            if (!chunk.requestId().equals(requestId) || !chunk.owner().equals(owner) || chunk.count() != count
                    || ordered[chunk.index()] != null) {
                throw new GeneralSecurityException("chunks of another request or owner, or duplicated");
            }
            ordered[chunk.index()] = chunk;
        }
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        for (int index = 0; index < count; index++) {
            if (ordered[index] == null) {
                throw new GeneralSecurityException("chunk " + index + " of " + count + " is missing");
            }
            byte[] ciphertext = BASE64URL_DECODER.decode(ordered[index].ciphertext());
            part.writeBytes(decrypt.decrypt(ciphertext, contextInfo(requestId, owner, index, count)));
        }
        return part.toByteArray();
    }

    private static byte[] contextInfo(UUID requestId, String owner, int index, int count) {
        return ("oubli-export-v1|" + requestId + "|" + owner + "|" + index + "|" + count)
                .getBytes(StandardCharsets.UTF_8);
    }
}

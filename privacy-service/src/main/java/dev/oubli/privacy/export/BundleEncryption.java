package dev.oubli.privacy.export;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.oubli.privacy.PrivacyConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Envelope encryption of a request's export at rest (docs/adr/0025): each request gets a data key of its own (Tink
 * streaming AEAD, AES256_GCM_HKDF_1MB) that encrypts its bundle and its private keyset; the data key is stored only
 * wrapped by the key-encryption key of the configuration, which the database never holds. Destroying the wrapped data
 * key makes every copy of the ciphertext unreadable, the ones left in dead tuples, WAL and backups included.
 */
@ApplicationScoped
class BundleEncryption {

    /** Bytes of ciphertext per stored segment row: one Tink segment's worth. */
    static final int SEGMENT_BYTES = 1 << 20;

    private final Aead keyEncryptionKey;

    BundleEncryption(PrivacyConfig config) {
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
            keyEncryptionKey = TinkJsonProtoKeysetFormat.parseKeyset(
                            new String(Base64.getDecoder().decode(config.exports().keyEncryptionKeyset().strip()), StandardCharsets.UTF_8),
                            InsecureSecretKeyAccess.get())
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException | IllegalArgumentException unusable) {
            // Never the key material in the message.
            throw new IllegalStateException("oubli.privacy.exports.key-encryption-keyset is not a base64 Tink AEAD keyset");
        }
    }

    /** A new data key for the request, wrapped: the only form in which it is stored. */
    byte[] newWrappedDataKey(UUID tenant, UUID requestId) {
        try {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(
                    KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB), keyEncryptionKey,
                    context("data-key", tenant, requestId));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("a data key cannot be made", unavailable);
        }
    }

    /** The request's data key, unwrapped; bound to its tenant and request, so a key moved to another row fails. */
    DataKey dataKey(byte[] wrapped, UUID tenant, UUID requestId) throws GeneralSecurityException {
        StreamingAead key = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, keyEncryptionKey, context("data-key", tenant, requestId))
                .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        return new DataKey(key, tenant, requestId);
    }

    private static byte[] context(String what, UUID tenant, UUID requestId) {
        return ("oubli-export-v1|" + what + "|" + tenant + "|" + requestId).getBytes(StandardCharsets.UTF_8);
    }

    /** One request's data key: what it encrypts is bound to the request and to its use. */
    static final class DataKey {

        private final StreamingAead key;
        private final UUID tenant;
        private final UUID requestId;

        private DataKey(StreamingAead key, UUID tenant, UUID requestId) {
            this.key = key;
            this.tenant = tenant;
            this.requestId = requestId;
        }

        byte[] sealPrivateKeyset(String privateKeyset) {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            try (OutputStream out = key.newEncryptingStream(sealed, context("private-keyset", tenant, requestId))) {
                out.write(privateKeyset.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException | IOException unavailable) {
                throw new IllegalStateException("the private keyset cannot be sealed", unavailable);
            }
            return sealed.toByteArray();
        }

        String openPrivateKeyset(byte[] sealed) throws GeneralSecurityException, IOException {
            Decryption decryption = decryption("private-keyset");
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            plain.writeBytes(decryption.feed(sealed));
            plain.writeBytes(decryption.finish());
            return plain.toString(StandardCharsets.UTF_8);
        }

        /** Encrypts what is written to it into segments of {@link #SEGMENT_BYTES} ciphertext bytes, the last one shorter. */
        BundleSegments encryptBundle() throws GeneralSecurityException, IOException {
            BundleSegments segments = new BundleSegments();
            segments.encrypting = key.newEncryptingStream(segments.collected, context("bundle", tenant, requestId));
            return segments;
        }

        Decryption decryptBundle() throws GeneralSecurityException, IOException {
            return decryption("bundle");
        }

        private Decryption decryption(String what) throws GeneralSecurityException, IOException {
            Decryption decryption = new Decryption();
            decryption.plaintext = key.newDecryptingChannel(decryption.ciphertext, context(what, tenant, requestId));
            return decryption;
        }
    }

    /** The bundle's plaintext goes in; ciphertext segments come out, held until stored. */
    static final class BundleSegments extends OutputStream {

        private final SegmentCollector collected = new SegmentCollector();
        private OutputStream encrypting;

        @Override
        public void write(int b) throws IOException {
            encrypting.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            encrypting.write(bytes, offset, length);
        }

        /** Ends the ciphertext (its last segment is authenticated as the last). */
        @Override
        public void close() throws IOException {
            encrypting.close();
            collected.cut();
        }

        List<byte[]> segments() {
            return collected.segments;
        }
    }

    private static final class SegmentCollector extends OutputStream {

        private final List<byte[]> segments = new ArrayList<>();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                int room = Math.min(length, SEGMENT_BYTES - current.size());
                current.write(bytes, offset, room);
                offset += room;
                length -= room;
                if (current.size() == SEGMENT_BYTES) {
                    cut();
                }
            }
        }

        void cut() {
            if (current.size() > 0) {
                segments.add(current.toByteArray());
                current.reset();
            }
        }
    }

    /**
     * Decrypts a ciphertext given piece by piece (the stored segments, one at a time): each piece returns the plaintext
     * it completes, so no more than about two segments are held at once. Tink's decrypting channel reads a non-blocking
     * channel: this one answers 0 bytes until the next piece is fed, and end of stream after {@link #finish()}.
     */
    static final class Decryption {

        private final PieceChannel ciphertext = new PieceChannel();
        private ReadableByteChannel plaintext;

        byte[] feed(byte[] piece) throws IOException {
            ciphertext.pieces.add(ByteBuffer.wrap(piece));
            return drain();
        }

        /** The rest of the plaintext; fails if the ciphertext was cut short or changed. */
        byte[] finish() throws IOException {
            ciphertext.ended = true;
            return drain();
        }

        private byte[] drain() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (plaintext.read(buffer) > 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toByteArray();
        }
    }

    private static final class PieceChannel implements ReadableByteChannel {

        private final ArrayDeque<ByteBuffer> pieces = new ArrayDeque<>();
        private boolean ended;
        private boolean open = true;

        @Override
        public int read(ByteBuffer destination) {
            while (!pieces.isEmpty() && !pieces.peek().hasRemaining()) {
                pieces.poll();
            }
            if (pieces.isEmpty()) {
                return ended ? -1 : 0;
            }
            ByteBuffer piece = pieces.peek();
            int length = Math.min(destination.remaining(), piece.remaining());
            destination.put(destination.position(), piece, piece.position(), length);
            destination.position(destination.position() + length);
            piece.position(piece.position() + length);
            return length;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}

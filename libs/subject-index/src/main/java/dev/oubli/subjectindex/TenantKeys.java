package dev.oubli.subjectindex;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.subtle.PrfHmacJce;
import java.security.GeneralSecurityException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each tenant's HMAC key, {@code HKDF-SHA256(ikm = master secret, salt = "oubli-subject-index",
 * info = tenant id, 32 bytes)}, derived once and kept: tenants are few, indexes are many.
 */
final class TenantKeys {

    static final int KEY_BYTES = 32;
    private static final byte[] SALT = MasterSecret.SUBJECT_INDEX_PURPOSE.getBytes(UTF_8);

    private final byte[] masterSecret;
    private final ConcurrentMap<UUID, Prf> hmacs = new ConcurrentHashMap<>();

    TenantKeys(MasterSecret masterSecret) {
        this.masterSecret = masterSecret.bytes();
    }

    /** The tenant's HMAC-SHA256; Tink's implementation is safe to share between threads. */
    Prf hmacOf(UUID tenant) {
        return hmacs.computeIfAbsent(tenant, this::newHmac);
    }

    private Prf newHmac(UUID tenant) {
        try {
            return new PrfHmacJce("HMACSHA256", new SecretKeySpec(deriveKey(masterSecret, tenant), "HMAC"));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", unavailable);
        }
    }

    static byte[] deriveKey(byte[] masterSecret, UUID tenant) {
        // UUID.toString() is the canonical lower-case form, whatever spelling the tenant id arrived in.
        return hkdfSha256(masterSecret, SALT, tenant.toString().getBytes(UTF_8), KEY_BYTES);
    }

    static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            return Hkdf.computeHkdf("HMACSHA256", ikm, salt, info, length);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HKDF-SHA256 is unavailable", unavailable);
        }
    }
}

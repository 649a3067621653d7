package dev.oubli.gateway.routing;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Bearer tokens this gateway verified lately, so that a token is verified in full once, not on every request (ADR
 * 0049). Each is kept under the SHA-256 of the raw token (the token itself is not kept), until its own expiry or the
 * time to live, whichever comes first, with only what the edge needs: tenant, client, subject. A refused token is
 * never kept. At most {@code maxSize} are kept, the least recently used forgotten first. The services behind verify
 * every token themselves.
 */
final class VerifiedTokens {

    /** What the edge needs of a verified token; {@code tenant} is null when the token has no valid one. */
    record Caller(String tenant, String azp, String subject) {
    }

    private record Entry(Caller caller, long validUntilMillis) {
    }

    /** The characters of a JWS in compact form (base64url parts and dots): anything else is left to quarkus-oidc. */
    private static final Pattern COMPACT_TOKEN = Pattern.compile("[A-Za-z0-9_.=-]{16,16384}");

    private final long ttlMillis;
    private final LongSupplier clock;
    private final Map<String, Entry> entries;

    VerifiedTokens(Duration ttl, int maxSize, LongSupplier clock) {
        this.ttlMillis = Math.max(0, ttl.toMillis());
        this.clock = clock;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxSize;
            }
        };
    }

    /** The token of an {@code Authorization: Bearer <token>} header in plain compact form, else null. */
    static String bearerOf(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7);
        return COMPACT_TOKEN.matcher(token).matches() ? token : null;
    }

    /** The caller of a token verified lately and not expired since, else null (then verify it). */
    Caller find(String token) {
        if (ttlMillis == 0 || token == null) {
            return null;
        }
        String key = key(token);
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry == null) {
                return null;
            }
            if (clock.getAsLong() >= entry.validUntilMillis()) {
                entries.remove(key);
                return null;
            }
            return entry.caller();
        }
    }

    /** Keeps a token quarkus-oidc has just verified, until {@code expiresAtSeconds} (its exp) or the time to live. */
    void remember(String token, Caller caller, long expiresAtSeconds) {
        if (ttlMillis == 0 || token == null || expiresAtSeconds <= 0) {
            return;
        }
        long now = clock.getAsLong();
        long validUntil = Math.min(Math.multiplyExact(expiresAtSeconds, 1000L), now + ttlMillis);
        if (validUntil <= now) {
            return;
        }
        String key = key(token);
        synchronized (entries) {
            entries.put(key, new Entry(caller, validUntil));
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static String key(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

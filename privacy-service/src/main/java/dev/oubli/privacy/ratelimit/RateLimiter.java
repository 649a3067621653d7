package dev.oubli.privacy.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} uses per key within a fixed window that starts at the key's first use. The keys live in a
 * bounded map (size and age), so a caller varying them cannot grow it; callers pass keyed hashes, never an address.
 * Per instance: each replica counts on its own (ADR 0020).
 */
public final class RateLimiter {

    private record Window(long startNanos, AtomicInteger used) {
    }

    private final int limit;
    private final Duration window;
    private final Cache<String, Window> windows;

    public RateLimiter(int limit, Duration window, int maxKeys) {
        this.limit = limit;
        this.window = window;
        this.windows = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(window.toNanos(), TimeUnit.NANOSECONDS).build();
    }

    /** @throws TooManyRequestsException once the key has used up its window, telling when the window ends */
    public void acquire(String key) {
        Window current = windows.get(key, k -> new Window(System.nanoTime(), new AtomicInteger()));
        if (current.used().incrementAndGet() > limit) {
            long left = window.toNanos() - (System.nanoTime() - current.startNanos());
            throw new TooManyRequestsException(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left) + 1));
        }
    }
}

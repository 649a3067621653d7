package dev.oubli.privacy.selfservice;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The only {@link SmsSender} so far: writes to the local outbox; without one (production until a provider is
 * wired), every message fails, so a self-service request naming a phone is answered 503.
 */
@ApplicationScoped
class LocalSmsSender implements SmsSender {

    private final LocalOutbox outbox;

    LocalSmsSender(LocalOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<Void> send(String e164, String text) {
        if (!outbox.enabled()) {
            return Uni.createFrom().failure(new IllegalStateException("no SMS provider configured"));
        }
        return outbox.write("sms", e164, null, text);
    }
}

package dev.oubli.privacy.unsubscribe;

import java.util.Optional;

/**
 * The channel a message reached the person through. The code is what an unsubscribe token carries: tokens
 * live for years in people's mailboxes, so a code is never reused or renumbered, whatever the order here.
 */
enum Channel {
    EMAIL(1),
    SMS(2),
    PHONE(3),
    CHAT(4);

    private final byte code;

    Channel(int code) {
        this.code = (byte) code;
    }

    byte code() {
        return code;
    }

    static Optional<Channel> ofCode(byte code) {
        for (Channel channel : values()) {
            if (channel.code == code) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}

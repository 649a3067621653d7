package dev.oubli.privacy.unsubscribe;

import java.util.Optional;

/**
 * What the person is contacted for. The code is what an unsubscribe token carries: tokens live for years
 * in people's mailboxes, so a code is never reused or renumbered, whatever the order here.
 */
enum Purpose {
    MARKETING(1),
    NEWSLETTER(2),
    SERVICE(3),
    PROFILING(4);

    private final byte code;

    Purpose(int code) {
        this.code = (byte) code;
    }

    byte code() {
        return code;
    }

    /** The purpose of this code (ConsentChanged's upper-case code), if tokens can carry it. */
    static Optional<Purpose> of(String code) {
        for (Purpose purpose : values()) {
            if (purpose.name().equals(code)) {
                return Optional.of(purpose);
            }
        }
        return Optional.empty();
    }

    static Optional<Purpose> ofCode(byte code) {
        for (Purpose purpose : values()) {
            if (purpose.code == code) {
                return Optional.of(purpose);
            }
        }
        return Optional.empty();
    }
}

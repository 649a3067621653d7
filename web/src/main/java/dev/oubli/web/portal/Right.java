package dev.oubli.web.portal;

import java.util.Locale;

/** The rights a person can exercise from the portal, by the name the privacy API gives each request type. */
enum Right {
    ACCESS, PORTABILITY, ERASURE, RECTIFICATION, RESTRICTION, OBJECTION;

    /** The corrected values a rectification may carry (privacy-service's {@code corrections}). */
    static final java.util.List<String> CORRECTABLE = java.util.List.of("firstName", "lastName", "email", "phone", "company", "jobTitle");

    static Right fromSlug(String slug) {
        for (Right right : values()) {
            if (right.slug().equals(slug)) {
                return right;
            }
        }
        return null;
    }

    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean rectification() {
        return this == RECTIFICATION;
    }
}

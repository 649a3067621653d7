package dev.oubli.contacts.contact;

import java.util.List;

/** One page of a contact listing; {@code next} is the opaque cursor of the following page, null on the last. */
public record ContactPage(List<ContactResponse> items, String next) {
}

package dev.oubli.contacts.contact;

import java.util.List;

/** One page of a contact listing. */
public record ContactPage(List<ContactResponse> items) {
}

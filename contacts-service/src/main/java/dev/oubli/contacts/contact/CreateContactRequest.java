package dev.oubli.contacts.contact;

/** The body of {@code POST /api/contacts}. Email and phone are optional; the phone may omit its country code. */
public record CreateContactRequest(String firstName, String lastName, String email, String phone) {

    @Override
    public String toString() {
        return "CreateContactRequest[...]";
    }
}

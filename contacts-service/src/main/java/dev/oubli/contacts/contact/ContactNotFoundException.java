package dev.oubli.contacts.contact;

/** No contact with that id in the caller's tenant (another tenant's contact looks exactly the same). */
class ContactNotFoundException extends RuntimeException {

    ContactNotFoundException() {
        super("No such contact", null, false, false);
    }
}

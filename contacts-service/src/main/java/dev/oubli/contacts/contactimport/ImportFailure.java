package dev.oubli.contacts.contactimport;

/** The whole import cannot go on (a bad header, an unreadable file): a code for the job, a message without data. */
class ImportFailure extends RuntimeException {

    private final String code;

    ImportFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}

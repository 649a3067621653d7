package dev.oubli.subjectindex;

/** The kinds of identifier that name a data subject; the label prefixes the indexed text. */
enum IdentifierKind {
    EMAIL("email"),
    PHONE("phone");

    private final String label;

    IdentifierKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}

package dev.oubli.knowledge.guard;

/** The kinds of data a tenant should not keep in its AI Brain, as the guard recognises them. */
public enum SensitiveDataKind {
    /** A payment card number (PAN): Luhn-valid, with a known brand prefix and length. */
    CARD_NUMBER,
    /** An international bank account number: known country length, ISO 7064 mod-97 check. */
    IBAN,
    /** A French social security number (NIR) with its two-digit key. */
    FRENCH_SOCIAL_SECURITY_NUMBER,
    /** A credential: private key block, well-known token shape, or the value of a password-style assignment. */
    SECRET
}

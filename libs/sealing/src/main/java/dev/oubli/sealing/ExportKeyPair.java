package dev.oubli.sealing;

/**
 * A request's one-off export keys, as Tink JSON keysets. The public half travels in the request event; the
 * private half stays in the privacy service until the bundle expires, and is then destroyed.
 */
public record ExportKeyPair(String publicKeyset, String privateKeyset) {

    @Override
    public String toString() {
        return "ExportKeyPair[privateKeyset=redacted]";
    }
}

package dev.oubli.privacy.unsubscribe;

/**
 * The header values that let a mail client offer a one-click unsubscribe (RFC 2369, RFC 8058).
 *
 * @param listUnsubscribe     {@code <https://…/u/{token}>}
 * @param listUnsubscribePost always {@code List-Unsubscribe=One-Click}
 */
public record UnsubscribeHeaders(String listUnsubscribe, String listUnsubscribePost) {

    public static final String ONE_CLICK = "List-Unsubscribe=One-Click";
}

package dev.oubli.privacy.privacyrequest;

import java.util.List;

/**
 * One page of a privacy-request listing, newest first.
 *
 * @param next the {@code cursor} of the next page; null on the last page
 */
public record PrivacyRequestPage(List<PrivacyRequestSummary> items, String next) {
}

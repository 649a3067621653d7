package dev.oubli.privacy.privacyrequest;

import java.util.List;

/** One page of a privacy-request listing. */
public record PrivacyRequestPage(List<PrivacyRequestSummary> items) {
}

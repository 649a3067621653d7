package dev.oubli.privacy.suppression;

import java.util.List;

/** The newest entries of the suppression list, lifted ones included. */
public record SuppressionPage(List<SuppressionEntry> entries) {
}

package dev.oubli.privacy.retention;

import java.util.Map;

/**
 * The body of {@code PUT /api/retention-policies}: days per category name; {@code null} goes back to the platform
 * default, a category not named keeps its limit. Values are read loosely so that a wrong one is named in the 400.
 */
public record RetentionPolicyRequest(Map<String, Object> days) {
}

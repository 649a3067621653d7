package dev.oubli.knowledge.guard;

/**
 * One finding as the API reports it: which field, what kind, where ({@code start} inclusive, {@code end} exclusive,
 * character offsets in that field's text) and what the policy did. Never the value.
 */
public record GuardReport(String field, SensitiveDataKind kind, int start, int end, GuardAction action) {

    static GuardReport of(String field, GuardedFinding finding) {
        return new GuardReport(field, finding.finding().kind(), finding.finding().start(), finding.finding().end(), finding.action());
    }
}

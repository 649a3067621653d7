package dev.oubli.knowledge.guard;

import java.util.List;
import java.util.Map;

/** The texts of one write as they may be stored (redacted where the policy says so), and what the guard reported. */
public record GuardedTexts(Map<String, String> texts, List<GuardReport> reports) {

    public GuardedTexts {
        texts = Map.copyOf(texts);
        reports = List.copyOf(reports);
    }

    /** The text to store for {@code field}, or null when none was given. */
    public String text(String field) {
        return texts.get(field);
    }

    @Override
    public String toString() {
        return "GuardedTexts[fields=" + texts.keySet() + ", reports=" + reports + "]";
    }
}

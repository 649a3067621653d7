package dev.oubli.knowledge.retention;

/** A tenant's retention limits in days per category; null keeps that category until deleted. */
public record RetentionLimits(Integer conversations, Integer notes, Integer documents) {

    Integer of(RetentionCategory category) {
        return switch (category) {
            case CONVERSATIONS -> conversations;
            case NOTES -> notes;
            case DOCUMENTS -> documents;
        };
    }
}

package dev.oubli.knowledge.retention;

/** What a retention limit applies to, and the time its age is measured from. */
public enum RetentionCategory {
    /** Conversations, by their last activity (start or latest message), with their messages and transcript. */
    CONVERSATIONS("conversation", "last_activity_at", "CONVERSATION"),
    /** Notes, by their last change. */
    NOTES("note", "updated_at", "NOTE"),
    /** Documents, by their last change. */
    DOCUMENTS("document", "updated_at", "DOCUMENT");

    final String table;
    final String ageColumn;
    final String itemType;

    RetentionCategory(String table, String ageColumn, String itemType) {
        this.table = table;
        this.ageColumn = ageColumn;
        this.itemType = itemType;
    }
}

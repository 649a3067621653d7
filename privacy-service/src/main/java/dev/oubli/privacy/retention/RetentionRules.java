package dev.oubli.privacy.retention;

import dev.oubli.events.RetentionCategory;

import java.util.EnumMap;
import java.util.Map;

/**
 * The platform's limits per category (docs/adr/0057): the default a tenant follows until its officer sets its own (never
 * "forever"), and the range a tenant may choose in. Where a record is proof, the minimum is the period the law lets a
 * claim be brought in (French civil limitation, Code civil art. 2224: five years); nothing is kept beyond ten years.
 */
final class RetentionRules {

    /** What a tenant may choose for one category, in days. */
    record Rule(int defaultDays, int minimumDays, int maximumDays) {
    }

    static final int FIVE_YEARS = 1826;
    static final int THREE_YEARS = 1095;
    static final int TEN_YEARS = 3652;

    private static final Map<RetentionCategory, Rule> RULES = new EnumMap<>(RetentionCategory.class);

    static {
        // CNIL (prospects): three years after the last contact from the person.
        RULES.put(RetentionCategory.CONTACTS_WITHOUT_ACTIVITY, new Rule(THREE_YEARS, 1, TEN_YEARS));
        RULES.put(RetentionCategory.IMPORT_REPORTS, new Rule(90, 1, TEN_YEARS));
        RULES.put(RetentionCategory.CONVERSATIONS, new Rule(THREE_YEARS, 1, TEN_YEARS));
        RULES.put(RetentionCategory.NOTES, new Rule(THREE_YEARS, 1, TEN_YEARS));
        RULES.put(RetentionCategory.DOCUMENTS, new Rule(THREE_YEARS, 1, TEN_YEARS));
        // Proof that a contact was lawful, that consent was given and withdrawn, that a request was answered in time.
        RULES.put(RetentionCategory.CHECK_EVIDENCE, new Rule(FIVE_YEARS, FIVE_YEARS, TEN_YEARS));
        RULES.put(RetentionCategory.CONSENT_HISTORY_AFTER_WITHDRAWAL, new Rule(FIVE_YEARS, FIVE_YEARS, TEN_YEARS));
        RULES.put(RetentionCategory.SETTLED_PRIVACY_REQUESTS, new Rule(FIVE_YEARS, FIVE_YEARS, TEN_YEARS));
        // Proof of compliance, chained: fixed at the limitation period, purged behind a signed checkpoint (docs/adr/0061).
        RULES.put(RetentionCategory.AUDIT_ENTRIES, new Rule(FIVE_YEARS, FIVE_YEARS, FIVE_YEARS));
    }

    private RetentionRules() {
    }

    static Rule of(RetentionCategory category) {
        return RULES.get(category);
    }
}

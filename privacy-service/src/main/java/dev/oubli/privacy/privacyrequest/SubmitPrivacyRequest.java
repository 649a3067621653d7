package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /api/privacy-requests}: the right exercised and who the request is about.
 *
 * @param subject     any of its lists may be empty or absent; together they name at least one identifier
 * @param corrections RECTIFICATION only: the corrected values by field name ({@link #CORRECTABLE_FIELDS});
 *                    personal data, sealed at once and never logged
 */
public record SubmitPrivacyRequest(RequestType type, Subject subject, Map<String, String> corrections) {

    /** The fields an owner can correct (libs/sealing README). */
    public static final List<String> CORRECTABLE_FIELDS = List.of("firstName", "lastName", "email", "phone", "company", "jobTitle");

    public SubmitPrivacyRequest {
        corrections = corrections == null ? Map.of() : corrections;
    }

    /** The identifiers the subject is known by. The emails and phones are personal data: never logged or kept. */
    public record Subject(List<String> emails, List<String> phones, List<UUID> contactIds) {

        public Subject {
            emails = emails == null ? List.of() : emails;
            phones = phones == null ? List.of() : phones;
            contactIds = contactIds == null ? List.of() : contactIds;
        }

        @Override
        public String toString() {
            return "Subject[emails=" + emails.size() + ", phones=" + phones.size() + ", contactIds=" + contactIds.size() + "]";
        }
    }

    @Override
    public String toString() {
        return "SubmitPrivacyRequest[type=" + type + ", subject=" + subject + ", corrections=" + corrections.keySet() + "]";
    }
}

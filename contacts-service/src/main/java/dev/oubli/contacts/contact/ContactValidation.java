package dev.oubli.contacts.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oubli.contacts.ContactsConfig;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one set of rules for a contact's fields, applied alike to the API, imports and rectifications. Email
 * and phone are normalised once here, and their blind indexes computed from the normalised value.
 */
@ApplicationScoped
public class ContactValidation {

    static final int NAME_LENGTH = 200;
    static final int SOURCE_LENGTH = 100;
    static final int EMAIL_LENGTH = 254;
    static final int ATTRIBUTE_KEYS = 50;
    static final int ATTRIBUTES_BYTES = 16 * 1024;

    /** An address a mail system accepts: dot-atom local part, a domain of at least two labels (ASCII). */
    private static final Pattern EMAIL = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])");

    private final SubjectIndex subjectIndex;
    private final ObjectMapper json;
    private final String defaultRegion;

    ContactValidation(SubjectIndex subjectIndex, ObjectMapper json, ContactsConfig config) {
        this.subjectIndex = subjectIndex;
        this.json = json;
        this.defaultRegion = config.defaultPhoneRegion();
    }

    /** @throws InvalidContactException naming the first field at fault */
    public ValidContact validate(UUID tenant, ContactDraft draft) {
        String email = null;
        String emailIndex = null;
        if (draft.email() != null) {
            email = normalisedEmail(draft.email());
            emailIndex = subjectIndex.email(tenant, email).value();
        }
        String phone = null;
        String phoneIndex = null;
        if (draft.phone() != null) {
            try {
                phone = SubjectIndex.normalisePhone(draft.phone(), defaultRegion);
            } catch (InvalidIdentifierException e) {
                throw new InvalidContactException("INVALID_PHONE", "phone is not a valid phone number (" + defaultRegion
                        + " is assumed without a country code).");
            }
            phoneIndex = subjectIndex.phoneE164(tenant, phone).value();
        }
        ObjectNode attributes = draft.attributes() == null ? JsonNodeFactory.instance.objectNode() : draft.attributes();
        return new ValidContact(bounded("firstName", draft.firstName(), NAME_LENGTH), bounded("lastName", draft.lastName(), NAME_LENGTH),
                email, emailIndex, phone, phoneIndex,
                bounded("company", draft.company(), NAME_LENGTH), bounded("jobTitle", draft.jobTitle(), NAME_LENGTH),
                attributes, attributesJson(attributes), bounded("source", draft.source(), SOURCE_LENGTH), draft.lawfulBasis());
    }

    /** Trimmed, lower-cased and checked for syntax. */
    public static String normalisedEmail(String raw) {
        String email;
        try {
            email = SubjectIndex.normaliseEmail(raw);
        } catch (InvalidIdentifierException e) {
            throw invalidEmail();
        }
        if (email.length() > EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw invalidEmail();
        }
        return email;
    }

    private static InvalidContactException invalidEmail() {
        return new InvalidContactException("INVALID_EMAIL", "email is not a valid email address.");
    }

    private String attributesJson(ObjectNode attributes) {
        if (attributes.size() > ATTRIBUTE_KEYS) {
            throw new InvalidContactException("INVALID_ATTRIBUTES", "attributes has more than " + ATTRIBUTE_KEYS + " keys.");
        }
        String unstorable = unstorable(attributes);
        if (unstorable != null) {
            throw new InvalidContactException(unstorable, "attributes contains a NUL character, an unpaired surrogate"
                    + " or a number out of range.");
        }
        String text;
        try {
            text = json.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new InvalidContactException("INVALID_ATTRIBUTES", "attributes is not a JSON object.");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > ATTRIBUTES_BYTES) {
            throw new InvalidContactException("INVALID_ATTRIBUTES", "attributes is larger than " + ATTRIBUTES_BYTES + " bytes.");
        }
        return text;
    }

    private static String bounded(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new InvalidContactException("FIELD_TOO_LONG", field + " is longer than " + max + " characters.");
        }
        if (value.indexOf('\uFFFD') >= 0) {
            throw new InvalidContactException("INVALID_UTF8", field + " is not valid UTF-8.");
        }
        if (!storable(value)) {
            throw new InvalidContactException("INVALID_CHARACTER", field + " contains a NUL character or an unpaired surrogate.");
        }
        return value.isBlank() ? null : value.strip();
    }

    /**
     * Text PostgreSQL can store as it was sent: no NUL (text and jsonb refuse it) and no unpaired UTF-16 surrogate (it
     * would reach the database as '?'). Checked here so that one such row is rejected alone, never its import batch.
     */
    static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why the attributes cannot be stored as sent, or null: a key or text with a character {@link #storable} refuses, or
     * a number too large for a double (it would be stored as the text "Infinity").
     */
    private static String unstorable(JsonNode node) {
        if (node.isTextual()) {
            return storable(node.textValue()) ? null : "INVALID_CHARACTER";
        }
        if (node.isDouble() || node.isFloat()) {
            return Double.isFinite(node.doubleValue()) ? null : "INVALID_ATTRIBUTES";
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String reason = storable(field.getKey()) ? unstorable(field.getValue()) : "INVALID_CHARACTER";
            if (reason != null) {
                return reason;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                String reason = unstorable(element);
                if (reason != null) {
                    return reason;
                }
            }
        }
        return null;
    }
}

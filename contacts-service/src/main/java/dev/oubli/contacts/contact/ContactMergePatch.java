package dev.oubli.contacts.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oubli.problem.ProblemException;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON Merge Patch (RFC 7396) of a contact's editable fields. */
final class ContactMergePatch {

    static final List<String> TEXT_FIELDS = List.of("firstName", "lastName", "email", "phone", "company", "jobTitle", "source");
    static final String ATTRIBUTES = "attributes";
    static final String LAWFUL_BASIS = "lawfulBasis";

    private ContactMergePatch() {
    }

    /** The contact's fields after the patch; the patch must be an object naming editable fields only. */
    static ContactDraft apply(ContactDraft current, JsonNode patch, ObjectNode currentAttributes) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.invalidRequest("A merge patch of a contact is a JSON object.");
        }
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TEXT_FIELDS.contains(name) && !name.equals(ATTRIBUTES) && !name.equals(LAWFUL_BASIS)) {
                throw ProblemException.invalidRequest("The patch has a field that cannot be changed; changeable: "
                        + String.join(", ", TEXT_FIELDS) + ", " + ATTRIBUTES + ", " + LAWFUL_BASIS + ".");
            }
        }
        ObjectNode attributes = currentAttributes;
        if (patch.has(ATTRIBUTES)) {
            JsonNode change = patch.get(ATTRIBUTES);
            if (!change.isNull() && !change.isObject()) {
                throw ProblemException.invalidRequest("attributes must be a JSON object or null.");
            }
            attributes = (ObjectNode) mergePatch(currentAttributes, change);
            if (attributes == null) {
                attributes = JsonNodeFactory.instance.objectNode();
            }
        }
        LawfulBasis lawfulBasis = current.lawfulBasis();
        if (patch.has(LAWFUL_BASIS)) {
            JsonNode basis = patch.get(LAWFUL_BASIS);
            lawfulBasis = basis.isNull() ? null : parseBasis(basis);
        }
        return new ContactDraft(text(patch, "firstName", current.firstName()), text(patch, "lastName", current.lastName()),
                text(patch, "email", current.email()), text(patch, "phone", current.phone()),
                text(patch, "company", current.company()), text(patch, "jobTitle", current.jobTitle()),
                attributes, text(patch, "source", current.source()), lawfulBasis);
    }

    /** RFC 7396, section 2. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.isNull() ? null : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private static String text(JsonNode patch, String field, String current) {
        if (!patch.has(field)) {
            return current;
        }
        JsonNode value = patch.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ProblemException.invalidRequest(field + " must be a string or null.");
        }
        return value.textValue();
    }

    private static LawfulBasis parseBasis(JsonNode basis) {
        try {
            return LawfulBasis.valueOf(basis.asText());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidRequest("lawfulBasis must be one of CONSENT, CONTRACT, LEGITIMATE_INTEREST, LEGAL_OBLIGATION.");
        }
    }
}

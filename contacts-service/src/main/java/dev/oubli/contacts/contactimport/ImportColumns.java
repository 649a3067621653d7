package dev.oubli.contacts.contactimport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oubli.contacts.contact.ContactDraft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns of an import: firstName, lastName, email, phone, company, jobTitle (case, spaces, '_' and '-'
 * ignored: "First name", "first_name"), and {@code attributes.<key>} for free attributes (text values).
 */
final class ImportColumns {

    static final String ATTRIBUTE_PREFIX = "attributes.";
    private static final List<String> FIELDS = List.of("firstname", "lastname", "email", "phone", "company", "jobtitle");

    private final int[] field;
    private final String[] attribute;

    private ImportColumns(int[] field, String[] attribute) {
        this.field = field;
        this.attribute = attribute;
    }

    /** @throws ImportFailure naming the first column (by position) that is unknown or repeated */
    static ImportColumns of(List<String> header) {
        int[] field = new int[header.size()];
        String[] attribute = new String[header.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new ImportFailure("DUPLICATE_COLUMN", "column " + (i + 1) + " repeats an earlier column");
            }
            if (name.startsWith(ATTRIBUTE_PREFIX) && name.length() > ATTRIBUTE_PREFIX.length()) {
                field[i] = -1;
                attribute[i] = name.substring(ATTRIBUTE_PREFIX.length());
                continue;
            }
            field[i] = FIELDS.indexOf(name.toLowerCase(Locale.ROOT).replaceAll("[ _-]", ""));
            if (field[i] < 0) {
                throw new ImportFailure("UNKNOWN_COLUMN", "column " + (i + 1) + " is none of firstName, lastName, email, phone,"
                        + " company, jobTitle, attributes.<key>");
            }
        }
        return new ImportColumns(field, attribute);
    }

    int size() {
        return field.length;
    }

    /** A row's values in header order; empty values are absent. */
    ContactDraft draft(List<String> values) {
        String[] fields = new String[FIELDS.size()];
        ObjectNode attributes = null;
        for (int i = 0; i < field.length; i++) {
            String value = values.get(i);
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (field[i] >= 0) {
                fields[field[i]] = value;
            } else {
                if (attributes == null) {
                    attributes = JsonNodeFactory.instance.objectNode();
                }
                attributes.put(attribute[i], value);
            }
        }
        return new ContactDraft(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], attributes, null, null);
    }

    static List<String> names() {
        return new ArrayList<>(FIELDS);
    }
}

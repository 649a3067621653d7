package dev.oubli.contacts.contactimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oubli.contacts.contact.ContactDraft;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of a JSON Lines import: one JSON object per line with the fields of {@code POST /api/contacts}
 * (firstName, lastName, email, phone, company, jobTitle, attributes), streamed line by line. A line longer
 * than {@link #MAX_LINE_CHARS} is rejected without being held.
 */
final class JsonLinesRows implements Iterator<ImportRow> {

    static final int MAX_LINE_CHARS = 64 * 1024;
    private static final List<String> TEXT_FIELDS = List.of("firstName", "lastName", "email", "phone", "company", "jobTitle");

    private final Reader in;
    private final ObjectMapper json;
    private long line;
    private ImportRow next;
    private boolean ended;

    JsonLinesRows(Reader in, ObjectMapper json) {
        this.in = in;
        this.json = json;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !ended) {
            next = read();
        }
        return next != null;
    }

    @Override
    public ImportRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImportRow row = next;
        next = null;
        return row;
    }

    /** The next row, or null for a blank line or the end (then {@code ended}). */
    private ImportRow read() {
        StringBuilder text = new StringBuilder(256);
        boolean tooLong = false;
        int c;
        try {
            while ((c = in.read()) >= 0 && c != '\n') {
                if (text.length() < MAX_LINE_CHARS) {
                    text.append((char) c);
                } else {
                    tooLong = true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (c < 0) {
            ended = true;
            if (text.isEmpty()) {
                return null;
            }
        }
        long number = ++line;
        if (tooLong) {
            return ImportRow.rejected(number, "ROW_TOO_LONG");
        }
        if (text.toString().isBlank()) {
            return null;
        }
        if (text.indexOf("\uFFFD") >= 0) {
            return ImportRow.rejected(number, "INVALID_UTF8");
        }
        JsonNode row;
        try {
            row = json.readTree(text.toString());
        } catch (DatabindException refused) {
            // Well-formed, but a value the shared input defence refuses (a NUL character); syntax errors are not these.
            return ImportRow.rejected(number, "INVALID_CHARACTER");
        } catch (JsonProcessingException e) {
            return ImportRow.rejected(number, "INVALID_JSON");
        }
        if (!(row instanceof ObjectNode object)) {
            return ImportRow.rejected(number, "INVALID_JSON");
        }
        String[] fields = new String[TEXT_FIELDS.size()];
        ObjectNode attributes = null;
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = object.get(name);
            int field = TEXT_FIELDS.indexOf(name);
            if (field >= 0 && (value.isTextual() || value.isNull())) {
                fields[field] = value.isNull() ? null : value.textValue();
            } else if (name.equals("attributes") && (value.isObject() || value.isNull())) {
                attributes = value.isNull() ? null : (ObjectNode) value;
            } else {
                return ImportRow.rejected(number, field >= 0 || name.equals("attributes") ? "WRONG_TYPE" : "UNKNOWN_FIELD");
            }
        }
        return new ImportRow(number, new ContactDraft(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
                attributes, null, null), null);
    }
}

package dev.oubli.contacts.contactimport;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of a CSV import (UTF-8, a header row, ',' or ';' as read from the header, RFC 4180 quoting),
 * streamed. Records are first cut by a small quote-aware scanner, so that one broken record (an unclosed
 * quote) is rejected alone instead of swallowing the rest of the file; each record is then parsed by
 * Apache Commons CSV. A record may span lines inside quotes, up to {@link #MAX_RECORD_LINES} lines and
 * {@link #MAX_RECORD_CHARS} characters; beyond that its first line is rejected and scanning resumes on the
 * next line.
 */
final class CsvRows implements Iterator<ImportRow> {

    static final int MAX_RECORD_LINES = 16;
    static final int MAX_RECORD_CHARS = 64 * 1024;
    private static final char REPLACEMENT = '\uFFFD';

    private final Reader in;
    private final char[] buffer = new char[1 << 14];
    private int bufferAt;
    private int bufferEnd;
    private final StringBuilder pushedBack = new StringBuilder();
    private int pushedBackAt;
    private long line = 1;
    private char delimiter;
    private CSVFormat format;
    private ImportColumns columns;
    private ImportRow next;
    private boolean ended;

    CsvRows(Reader in) {
        this.in = in;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            next = read();
            ended = next == null;
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

    private ImportRow read() {
        while (true) {
            long start = line;
            Scanned record = scan(start);
            if (record == null) {
                if (columns == null) {
                    throw new ImportFailure("MISSING_HEADER", "the file has no header row");
                }
                return null;
            }
            if (record.text.isBlank()) {
                continue;
            }
            if (columns == null) {
                header(record.text);
                continue;
            }
            if (record.broken) {
                return ImportRow.rejected(start, "BROKEN_QUOTING");
            }
            List<String> values = parse(record.text);
            if (values != null && values.size() == columns.size()) {
                return record.text.indexOf(REPLACEMENT) >= 0
                        ? ImportRow.rejected(start, "INVALID_UTF8")
                        : new ImportRow(start, columns.draft(values), null);
            }
            int firstEnd = record.text.indexOf('\n');
            if (firstEnd >= 0) {
                // A quote opened on this line and closed lines later, yet the whole does not parse: this line
                // was broken, and what followed it are rows of their own.
                pushBack(record.text.substring(firstEnd + 1) + "\n", start);
                return ImportRow.rejected(start, "BROKEN_QUOTING");
            }
            if (record.text.indexOf(REPLACEMENT) >= 0) {
                return ImportRow.rejected(start, "INVALID_UTF8");
            }
            return ImportRow.rejected(start, values == null ? "BROKEN_QUOTING" : "WRONG_COLUMN_COUNT");
        }
    }

    /**
     * The record's values, or null if Commons CSV finds its quoting broken. A record without any quote is
     * split on the delimiter directly (what Commons CSV would return, about ten times faster); anything
     * quoted goes through Commons CSV.
     */
    private List<String> parse(String text) {
        if (text.indexOf('"') < 0) {
            List<String> values = new ArrayList<>(columns.size());
            int from = 0;
            for (int at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, from)) {
                values.add(text.substring(from, at).strip());
                from = at + 1;
            }
            values.add(text.substring(from).strip());
            return values;
        }
        try (CSVParser parser = CSVParser.parse(text, format)) {
            List<CSVRecord> records = parser.getRecords();
            return records.size() == 1 ? records.get(0).toList() : null;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }

    private void header(String text) {
        if (text.indexOf(REPLACEMENT) >= 0) {
            throw new ImportFailure("INVALID_UTF8", "the header row is not valid UTF-8");
        }
        delimiter = count(text, ';') > count(text, ',') ? ';' : ',';
        format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            columns = ImportColumns.of(parser.getRecords().get(0).toList());
        } catch (IOException | UncheckedIOException | IllegalStateException | IndexOutOfBoundsException e) {
            throw new ImportFailure("BROKEN_HEADER", "the header row is not valid CSV");
        }
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private record Scanned(String text, boolean broken) {
    }

    /** The next record's text without its line end; null at the end of the file. */
    private Scanned scan(long start) {
        StringBuilder text = new StringBuilder(128);
        boolean quoted = false;
        boolean fieldStart = true;
        int lines = 1;
        int c = nextChar();
        if (c < 0) {
            return null;
        }
        while (c >= 0) {
            if (quoted) {
                if (c == '"') {
                    int after = nextChar();
                    if (after == '"') {
                        text.append("\"\"");
                    } else {
                        quoted = false;
                        text.append('"');
                        c = after;
                        continue;
                    }
                } else {
                    text.append((char) c);
                    if (c == '\n') {
                        line++;
                        lines++;
                    }
                    if (lines > MAX_RECORD_LINES || text.length() > MAX_RECORD_CHARS) {
                        return brokenFirstLine(text, start);
                    }
                }
            } else if (c == '\n') {
                line++;
                break;
            } else {
                if (c == '"' && fieldStart) {
                    quoted = true;
                }
                fieldStart = c == delimiter || (columns == null && (c == ',' || c == ';'));
                text.append((char) c);
                if (text.length() > MAX_RECORD_CHARS) {
                    skipLine();
                    return new Scanned("x", true);
                }
            }
            c = nextChar();
        }
        if (quoted) {
            return brokenFirstLine(text, start);
        }
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\r') {
            text.setLength(end - 1);
        }
        return new Scanned(text.toString(), false);
    }

    /** An unclosed quote: reject the record's first line, and read what followed it again. */
    private Scanned brokenFirstLine(StringBuilder text, long start) {
        int firstEnd = text.indexOf("\n");
        if (firstEnd >= 0) {
            pushBack(text.substring(firstEnd + 1), start);
        }
        return new Scanned(firstEnd >= 0 ? text.substring(0, firstEnd) : text.toString(), true);
    }

    /** Reads {@code rest} again, as the lines that follow line {@code start}. */
    private void pushBack(String rest, long start) {
        line = start + 1;
        pushedBack.delete(0, pushedBackAt);
        pushedBackAt = 0;
        pushedBack.insert(0, rest);
    }

    private void skipLine() {
        int c;
        do {
            c = nextChar();
        } while (c >= 0 && c != '\n');
        line++;
    }

    private int nextChar() {
        if (pushedBackAt < pushedBack.length()) {
            return pushedBack.charAt(pushedBackAt++);
        }
        if (pushedBackAt > 0) {
            pushedBack.setLength(0);
            pushedBackAt = 0;
        }
        if (bufferAt == bufferEnd) {
            try {
                bufferEnd = in.read(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bufferAt = 0;
            if (bufferEnd <= 0) {
                bufferEnd = 0;
                return -1;
            }
        }
        return buffer[bufferAt++];
    }
}

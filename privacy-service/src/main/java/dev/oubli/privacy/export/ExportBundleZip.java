package dev.oubli.privacy.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The export bundle: one ZIP with each owner's part as {@code <owner>.json}, each of its tables as
 * {@code <owner>/<table>.csv} (scalar columns; nested values stay in the JSON; no cell is read as a formula), and {@code manifest.json} with the
 * record counts and the SHA-256 of every other file, and a human-readable index ({@link #INDEX}) saying what each file
 * holds (issue 21 item 6).
 */
final class ExportBundleZip {

    static final String MANIFEST = "manifest.json";
    /** The human-readable index, first in the ZIP: what each file holds, in words, French and English. */
    static final String INDEX = "LISEZMOI-README.txt";
    /** What the tables the owners send hold, in plain words (a table not listed is named as it is). */
    private static final Map<String, String> TABLES = Map.ofEntries(
            Map.entry("contacts", "fiche contact / contact card"),
            Map.entry("consents", "consentements avec leur preuve / consents with their proof"),
            Map.entry("contact-checks", "vérifications avant contact (preuves) / pre-contact-check evidence"),
            Map.entry("suppressions", "opposition, désinscriptions / suppression list entries"),
            Map.entry("conversations", "journaux de conversation / conversation logs"),
            Map.entry("messages", "messages des conversations / conversation messages"),
            Map.entry("notes", "notes / notes"),
            Map.entry("documents", "documents / documents"));
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExportBundleZip() {
    }

    /** The bundle written: its size and SHA-256. */
    record Written(long bytes, String sha256) {
    }

    /**
     * Writes the ZIP to {@code out}, which is left open (the caller ends its encryption).
     *
     * @param parts each owner's decrypted part (UTF-8 JSON {@code {"records": {"<table>": [{...}]}}}), by owner
     * @throws IOException when a part is not such JSON
     */
    static Written assemble(UUID requestId, Map<String, byte[]> parts, Instant generatedAt, OutputStream out) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("requestId", requestId.toString());
        manifest.put("generatedAt", generatedAt.toString());
        ArrayNode owners = manifest.putArray("owners");
        for (Map.Entry<String, byte[]> part : parts.entrySet()) {
            String owner = part.getKey();
            files.put(owner + ".json", part.getValue());
            ObjectNode ownerEntry = owners.addObject().put("owner", owner);
            ObjectNode counts = ownerEntry.putObject("records");
            JsonNode records = JSON.readTree(part.getValue()).path("records");
            if (!records.isObject()) {
                throw new IOException("the part of " + owner + " has no records object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> tables = records.fields(); tables.hasNext(); ) {
                Map.Entry<String, JsonNode> table = tables.next();
                counts.put(table.getKey(), table.getValue().size());
                files.put(owner + "/" + safeName(table.getKey()) + ".csv", csv(table.getValue()));
            }
        }
        Map<String, byte[]> withIndex = new LinkedHashMap<>();
        withIndex.put(INDEX, index(requestId, generatedAt, owners));
        withIndex.putAll(files);
        files = withIndex;
        ArrayNode fileEntries = manifest.putArray("files");
        files.forEach((name, bytes) -> fileEntries.addObject().put("name", name).put("bytes", bytes.length).put("sha256", sha256(bytes)));

        MessageDigest digest = sha256();
        CountingOutputStream counted = new CountingOutputStream(new DigestOutputStream(out, digest));
        ZipOutputStream zip = new ZipOutputStream(counted);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            zip.putNextEntry(new ZipEntry(file.getKey()));
            zip.write(file.getValue());
            zip.closeEntry();
        }
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(JSON.writeValueAsBytes(manifest));
        zip.closeEntry();
        // Not close(): that would close out, whose owner ends it.
        zip.finish();
        zip.flush();
        return new Written(counted.count, HexFormat.of().formatHex(digest.digest()));
    }

    /** The index a person reads first: each owner's files, what their tables hold and how many records. */
    private static byte[] index(UUID requestId, Instant generatedAt, ArrayNode owners) {
        StringBuilder text = new StringBuilder()
                .append("Vos données / Your data\n=======================\n\n")
                .append("Demande / Request: ").append(requestId).append("\n")
                .append("Générée le / Generated at: ").append(generatedAt).append(" (UTC)\n\n")
                .append("Chaque service qui détient des données vous concernant a sa partie, en JSON (complète) et en CSV\n")
                .append("(une table par fichier, pour un tableur). Each service holding data about you has its part, as JSON\n")
                .append("(complete) and CSV (one table per file, for a spreadsheet).\n\n");
        for (JsonNode owner : owners) {
            String name = owner.path("owner").asText();
            text.append(name).append("\n  ").append(name).append(".json: tout / everything\n");
            for (Iterator<Map.Entry<String, JsonNode>> tables = owner.path("records").fields(); tables.hasNext(); ) {
                Map.Entry<String, JsonNode> table = tables.next();
                int count = table.getValue().asInt();
                text.append("  ").append(name).append('/').append(safeName(table.getKey())).append(".csv: ")
                        .append(TABLES.getOrDefault(table.getKey(), safeName(table.getKey())))
                        .append(", ").append(count).append(count == 1 ? " record" : " records").append('\n');
            }
            text.append('\n');
        }
        text.append(MANIFEST).append(": taille et empreinte SHA-256 de chaque fichier / size and SHA-256 of every file\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One row per record; the columns are the scalar fields, in the order they first appear. */
    private static byte[] csv(JsonNode rows) throws IOException {
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            row.fields().forEachRemaining(field -> {
                if (field.getValue().isValueNode()) {
                    columns.add(field.getKey());
                }
            });
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8),
                CSVFormat.RFC4180.builder().setHeader(columns.stream().map(ExportBundleZip::inert).toArray(String[]::new)).get())) {
            for (JsonNode row : rows) {
                List<String> values = new ArrayList<>();
                for (String column : columns) {
                    JsonNode value = row.get(column);
                    values.add(value == null || value.isNull() || !value.isValueNode() ? ""
                            : value.isNumber() ? value.asText() : inert(value.asText()));
                }
                printer.printRecord(values);
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Owners' text as a cell no spreadsheet evaluates: a text starting with {@code = + - @}, a tab or a carriage
     * return gets a leading apostrophe (OWASP's CSV injection advice), so {@code =HYPERLINK(...)} shows as text. Numbers
     * are written as they are: {@code -3} cannot be a formula.
     */
    static String inert(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    /** Table names come from owners: kept to a plain file name. */
    private static String safeName(String table) {
        return table.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {

        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }
}

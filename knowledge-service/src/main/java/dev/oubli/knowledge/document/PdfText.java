package dev.oubli.knowledge.document;

import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.problem.ProblemException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageTree;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an uploaded PDF, read within bounds (docs/adr/0023): pages, the bytes its streams decompress to, the
 * characters read and the time taken. CPU-bound and blocking: call it on a worker thread.
 */
final class PdfText {

    /** What PDFBox may keep in memory of the streams it writes; the rest goes to an owner-only temporary file. */
    private static final long MAIN_MEMORY = 4L << 20;

    /**
     * Filters that turn text streams (contents, fonts, object streams) into more bytes. Image filters (DCT, JPX,
     * JBIG2, CCITT) are not measured: text extraction never decodes images.
     */
    private static final Set<COSName> EXPANDING = Set.of(COSName.FLATE_DECODE, COSName.FLATE_DECODE_ABBREVIATION,
            COSName.LZW_DECODE, COSName.LZW_DECODE_ABBREVIATION, COSName.ASCII_HEX_DECODE,
            COSName.ASCII_HEX_DECODE_ABBREVIATION, COSName.ASCII85_DECODE, COSName.ASCII85_DECODE_ABBREVIATION,
            COSName.RUN_LENGTH_DECODE, COSName.RUN_LENGTH_DECODE_ABBREVIATION);

    /** The keyword that starts a stream's data, and its end of line. */
    private static final Pattern STREAM = Pattern.compile("(?<![A-Za-z])stream(?:\r\n|\n|\r)");
    private static final int DICTIONARY_LENGTH = 4096;
    private static final Set<COSName> FLATE = Set.of(COSName.FLATE_DECODE, COSName.FLATE_DECODE_ABBREVIATION);
    private static final Pattern FILTER = Pattern.compile("/Filter\\s*(\\[[^\\]]*\\]|/[^\\s/\\[\\]<>()]+)");
    private static final Pattern NAME = Pattern.compile("/([^\\s/\\[\\]<>()]+)");

    private PdfText() {
    }

    static String extract(byte[] file, KnowledgeConfig.Documents limits) {
        long deadline = System.nanoTime() + limits.maxParseTime().toNanos();
        MemoryUsageSetting memory = MemoryUsageSetting.setupMixed(MAIN_MEMORY, limits.maxDecodedBytes());
        measureRawStreams(file, limits.maxDecodedBytes(), deadline);
        try (PDDocument pdf = Loader.loadPDF(file, "", null, null, memory.streamCache)) {
            if (pdf.getNumberOfPages() > limits.maxPages()) {
                throw tooLarge("A PDF document has at most " + limits.maxPages() + " pages.");
            }
            measureDecodedStreams(pdf.getDocument(), limits.maxDecodedBytes(), deadline);
            return new BoundedStripper(limits, deadline).getText(pdf).replace("\0", "");
        } catch (IOException | RuntimeException unreadable) {
            if (unreadable instanceof ProblemException problem) {
                throw problem;
            }
            throw ProblemException.invalidRequest("content is not a readable PDF document.");
        } catch (StackOverflowError nestedTooDeep) {
            throw tooComplex();
        }
    }

    static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "document-too-large", "Document too large", detail);
    }

    private static void checkTime(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw tooComplex();
        }
    }

    private static ProblemException tooComplex() {
        return new ProblemException(422, "document-too-complex", "Document too complex",
                "The PDF document takes too long to read; it may be damaged or built to exhaust the reader.");
    }

    /**
     * Before PDFBox opens the file, which decodes the cross-reference stream and the object streams holding the
     * catalog and the page tree as it goes: the data after each {@code stream} keyword is decoded into nothing, as the
     * last {@code /Filter} of the text before it (back to its {@code obj}, at most 4 KiB) says, and as Flate whatever
     * that text says, since a dictionary is only read as text here. Each decoder stops at its own end of data. Streams
     * whose filters this misses (an indirect {@code /Filter}, a non-Flate first filter hidden from a textual reading)
     * are measured once the file is open (docs/adr/0023).
     */
    private static void measureRawStreams(byte[] file, long budget, long deadline) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        long left = budget;
        for (Matcher stream = STREAM.matcher(text); stream.find(); ) {
            checkTime(deadline);
            String before = text.substring(Math.max(0, stream.start() - DICTIONARY_LENGTH), stream.start());
            List<COSName> filters = List.of();
            for (Matcher filter = FILTER.matcher(before.substring(before.lastIndexOf("obj") + 1)); filter.find(); ) {
                filters = new ArrayList<>();
                for (Matcher name = NAME.matcher(filter.group(1)); name.find(); ) {
                    filters.add(COSName.getPDFName(name.group(1)));
                }
            }
            left -= rawDecodedLength(filters, file, stream.end(), left, deadline);
            if (filters.isEmpty() || !FLATE.contains(filters.get(0))) {
                left -= rawDecodedLength(List.of(COSName.FLATE_DECODE), file, stream.end(), left, deadline);
            }
        }
    }

    /** Data a filter refuses (PDFBox's Flate decoder stops quietly instead) counts for nothing here: PDFBox judges it. */
    private static long rawDecodedLength(List<COSName> filters, byte[] file, int start, long limit, long deadline) {
        try {
            return decodedLength(filters, new ByteArrayInputStream(file, start, file.length - start), new COSDictionary(),
                    limit, deadline);
        } catch (IOException | RuntimeException unreadable) {
            if (unreadable instanceof ProblemException problem) {
                throw problem;
            }
            return 0;
        }
    }

    /**
     * Decodes every filtered stream but images once, into nothing, counting bytes: PDFBox would decode each of them
     * whole into memory. Objects stored uncompressed come first, so an object stream is measured before PDFBox
     * decodes it to read the objects it holds.
     */
    private static void measureDecodedStreams(COSDocument document, long budget, long deadline) throws IOException {
        List<COSObjectKey> keys = new ArrayList<>();
        List<COSObjectKey> inObjectStreams = new ArrayList<>();
        for (Map.Entry<COSObjectKey, Long> entry : document.getXrefTable().entrySet()) {
            (entry.getValue() != null && entry.getValue() < 0 ? inObjectStreams : keys).add(entry.getKey());
        }
        keys.addAll(inObjectStreams);
        long left = budget;
        for (COSObjectKey key : keys) {
            if (document.getObjectFromPool(key).getObject() instanceof COSStream stream
                    && !COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
                left -= decodedLength(filters(stream.getFilters()), stream.createRawInputStream(), stream, left, deadline);
            }
        }
    }

    /** Decodes {@code raw} through its text-bearing filters into a counting sink; {@code parameters} holds DecodeParms. */
    private static long decodedLength(List<COSName> filters, InputStream raw, COSDictionary parameters, long limit,
                                      long deadline) throws IOException {
        long length = 0;
        InputStream input = raw;
        try {
            for (int i = 0; i < filters.size() && EXPANDING.contains(filters.get(i)); i++) {
                boolean last = i == filters.size() - 1 || !EXPANDING.contains(filters.get(i + 1));
                CappedOutput output = new CappedOutput(limit, !last, deadline);
                FilterFactory.INSTANCE.getFilter(filters.get(i)).decode(input, output, parameters, i);
                length = output.count;
                input.close();
                input = new ByteArrayInputStream(output.kept == null ? new byte[0] : output.kept.toByteArray());
            }
        } finally {
            input.close();
        }
        return length;
    }

    private static List<COSName> filters(COSBase filters) {
        List<COSName> names = new ArrayList<>();
        if (filters instanceof COSName name) {
            names.add(name);
        } else if (filters instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSName name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * Counts what a filter writes and refuses the file past {@code limit}; keeps the bytes only when another filter
     * reads them. Unchecked, so that no filter's own handling of IOException can swallow it.
     */
    private static final class CappedOutput extends OutputStream {

        private final long limit;
        private final ByteArrayOutputStream kept;
        private final long deadline;
        private long count;

        CappedOutput(long limit, boolean keep, long deadline) {
            this.limit = limit;
            this.kept = keep ? new ByteArrayOutputStream() : null;
            this.deadline = deadline;
        }

        @Override
        public void write(int b) {
            count(1);
            if (kept != null) {
                kept.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count(length);
            if (kept != null) {
                kept.write(bytes, offset, length);
            }
        }

        private void count(int more) {
            if ((count >>> 20) != ((count + more) >>> 20)) {
                checkTime(deadline);
            }
            count += more;
            if (count > limit) {
                throw tooLarge("A PDF document's content, decompressed, is too large.");
            }
        }
    }

    /** PDFBox's text reader, stopped at the page, character and time limits. */
    private static final class BoundedStripper extends PDFTextStripper {

        private final KnowledgeConfig.Documents limits;
        private final long deadline;
        private long characters;
        private long operators;

        BoundedStripper(KnowledgeConfig.Documents limits, long deadline) {
            this.limits = limits;
            this.deadline = deadline;
        }

        /** The pages walked, not the /Count the page tree claims, which a file may understate. */
        @Override
        protected void processPages(PDPageTree pages) throws IOException {
            int walked = 0;
            for (PDPage ignored : pages) {
                if (++walked > limits.maxPages()) {
                    throw tooLarge("A PDF document has at most " + limits.maxPages() + " pages.");
                }
            }
            super.processPages(pages);
        }

        /** Each glyph is kept until its page is written: counted as it comes, so a single page cannot fill memory. */
        @Override
        protected void processTextPosition(TextPosition text) {
            if (++characters > limits.maxTextCharacters()) {
                throw tooLarge("A document's text has at most " + limits.maxTextCharacters() + " characters.");
            }
            super.processTextPosition(text);
        }

        /** Forms drawn within forms multiply the work without growing the file: the clock stops them. */
        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            if ((++operators & 1023) == 0) {
                checkTime(deadline);
            }
            super.processOperator(operator, operands);
        }
    }
}

package dev.oubli.knowledge.document;

import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.problem.ProblemException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private PdfText() {
    }

    static String extract(byte[] file, KnowledgeConfig.Documents limits) {
        long deadline = System.nanoTime() + limits.maxParseTime().toNanos();
        MemoryUsageSetting memory = MemoryUsageSetting.setupMixed(MAIN_MEMORY, limits.maxDecodedBytes());
        try (PDDocument pdf = Loader.loadPDF(file, "", null, null, memory.streamCache)) {
            if (pdf.getNumberOfPages() > limits.maxPages()) {
                throw tooLarge("A PDF document has at most " + limits.maxPages() + " pages.");
            }
            measureDecodedStreams(pdf.getDocument(), limits.maxDecodedBytes());
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

    private static ProblemException tooComplex() {
        return new ProblemException(422, "document-too-complex", "Document too complex",
                "The PDF document takes too long to read; it may be damaged or built to exhaust the reader.");
    }

    /**
     * Decodes every filtered stream but images once, into nothing, counting bytes: PDFBox would decode each of them
     * whole into memory. Objects stored uncompressed come first, so an object stream is measured before PDFBox
     * decodes it to read the objects it holds.
     */
    private static void measureDecodedStreams(COSDocument document, long budget) throws IOException {
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
                left -= decodedLength(stream, left);
            }
        }
    }

    private static long decodedLength(COSStream stream, long limit) throws IOException {
        List<COSName> filters = filters(stream.getFilters());
        long length = 0;
        InputStream input = stream.createRawInputStream();
        try {
            for (int i = 0; i < filters.size() && EXPANDING.contains(filters.get(i)); i++) {
                boolean last = i == filters.size() - 1 || !EXPANDING.contains(filters.get(i + 1));
                CappedOutput output = new CappedOutput(limit, !last);
                FilterFactory.INSTANCE.getFilter(filters.get(i)).decode(input, output, stream, i);
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
        private long count;

        CappedOutput(long limit, boolean keep) {
            this.limit = limit;
            this.kept = keep ? new ByteArrayOutputStream() : null;
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
            if ((++operators & 1023) == 0 && System.nanoTime() - deadline > 0) {
                throw tooComplex();
            }
            super.processOperator(operator, operands);
        }
    }
}

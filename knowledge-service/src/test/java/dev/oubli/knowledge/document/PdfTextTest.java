package dev.oubli.knowledge.document;

import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.problem.ProblemException;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files built to exhaust a reader, refused within the limits; docs/adr/0023. */
class PdfTextTest {

    record Limits(int maxPages, int maxTextCharacters, long maxDecodedBytes, Duration maxParseTime, int concurrentParses)
            implements KnowledgeConfig.Documents {
    }

    static final Limits LIMITS = new Limits(2, 10_000, 1 << 20, Duration.ofSeconds(2), 1);

    @Test
    void readsAnOrdinaryPdfWithinTheLimits() throws IOException {
        assertThat(PdfText.extract(pdf("Bonjour", "monde"), LIMITS)).contains("Bonjour").contains("monde");
    }

    @Test
    void countsThePagesItReadsWhateverThePageTreeClaims() throws IOException {
        byte[] file;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < 3; i++) {
                document.addPage(new PDPage());
            }
            document.getPages().getCOSObject().setInt(COSName.COUNT, 1);
            document.save(out);
            file = out.toByteArray();
        }
        assertThatThrownBy(() -> PdfText.extract(file, LIMITS))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("status", 413);
    }

    @Test
    void refusesAStreamThatDecompressesPastTheBudget() throws IOException {
        byte[] file;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            page.setContents(new PDStream(document, new ByteArrayInputStream(new byte[2 << 20]), COSName.FLATE_DECODE));
            document.save(out);
            file = out.toByteArray();
        }
        assertThat(file.length).isLessThan(20_000);
        assertThatThrownBy(() -> PdfText.extract(file, LIMITS))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("status", 413);
    }

    /**
     * Opening a file, PDFBox decodes its cross-reference stream and the object streams holding its catalog: a bomb
     * there must be measured before. This file has nothing else, so PDFBox alone finds it unreadable (400).
     */
    @Test
    void measuresTheStreamsOfAFileBeforeOpeningIt() throws IOException {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(deflated)) {
            out.write(new byte[2 << 20]);
        }
        for (String filter : new String[] {"/FlateDecode", "[/Fl]", "[ /ASCIIHexDecode /FlateDecode ]"}) {
            byte[] data = filter.contains("ASCIIHex") ? (java.util.HexFormat.of().formatHex(deflated.toByteArray()) + ">")
                    .getBytes(StandardCharsets.US_ASCII) : deflated.toByteArray();
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(("%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length " + data.length + " /Filter " + filter
                    + " >>\nstream\n").getBytes(StandardCharsets.US_ASCII));
            file.write(data);
            file.write("\nendstream\nendobj\ntrailer\n<< /Root 2 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));

            assertThatThrownBy(() -> PdfText.extract(file.toByteArray(), LIMITS)).as(filter)
                    .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("status", 413);
        }
    }

    /** A form that draws itself twice, 50 levels deep (PDFBox's own limit): 2^50 drawings from a few hundred bytes. */
    @Test
    @Timeout(60)
    void stopsFormsDrawnWithinThemselvesAtTheTimeLimit() throws IOException {
        byte[] file;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            PDFormXObject form = new PDFormXObject(document);
            form.setBBox(new PDRectangle(10, 10));
            form.setResources(new PDResources());
            COSName self = form.getResources().add(form);
            try (OutputStream content = form.getContentStream().createOutputStream()) {
                content.write(("/" + self.getName() + " Do /" + self.getName() + " Do").getBytes(StandardCharsets.US_ASCII));
            }
            page.setResources(new PDResources());
            COSName drawn = page.getResources().add(form);
            page.setContents(new PDStream(document, new ByteArrayInputStream(("/" + drawn.getName() + " Do").getBytes(StandardCharsets.US_ASCII))));
            document.save(out);
            file = out.toByteArray();
        }
        assertThatThrownBy(() -> PdfText.extract(file, LIMITS))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("status", 422);
    }

    @Test
    void refusesArraysNestedDeeperThanTheParserCanFollow() throws IOException {
        byte[] file;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            String nested = "[".repeat(200_000) + "]".repeat(200_000) + " TJ";
            page.setContents(new PDStream(document, new ByteArrayInputStream(nested.getBytes(StandardCharsets.US_ASCII)), COSName.FLATE_DECODE));
            document.save(out);
            file = out.toByteArray();
        }
        // Refused or read as empty, but never an Error out of the reader.
        try {
            assertThat(PdfText.extract(file, LIMITS)).isBlank();
        } catch (ProblemException refused) {
            assertThat(refused).hasFieldOrPropertyWithValue("status", 422);
        }
    }

    @Test
    void refusesTextPastTheCharacterLimit() throws IOException {
        assertThatThrownBy(() -> PdfText.extract(pdf("a".repeat(6_000), "b".repeat(6_000)), LIMITS))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("status", 413);
    }

    private static byte[] pdf(String... lines) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String line : lines) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(50, 700);
                    content.showText(line);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}

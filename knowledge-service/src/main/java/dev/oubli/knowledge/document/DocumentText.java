package dev.oubli.knowledge.document;

import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.problem.ProblemException;
import org.jsoup.Jsoup;

import java.util.Base64;

/** The text of an uploaded document, the only form in which it is stored, guarded and searched. */
final class DocumentText {

    private DocumentText() {
    }

    /**
     * CPU-bound for HTML and PDF: call it off the event loop. A NUL character, which PostgreSQL cannot store, is
     * dropped from extracted text (a PDF's fonts may map glyphs to it).
     *
     * @throws ProblemException 400 for an unreadable file, 413 past the limits, 422 for a PDF too costly to read
     */
    static String extract(DocumentFormat format, String content, KnowledgeConfig.Documents limits) {
        String text = switch (format) {
            case TEXT, MARKDOWN -> content;
            case HTML -> Jsoup.parse(content).body().text().replace("\0", "");
            case PDF -> PdfText.extract(pdfBytes(content), limits);
        };
        if (text.length() > limits.maxTextCharacters()) {
            throw PdfText.tooLarge("A document's text has at most " + limits.maxTextCharacters() + " characters.");
        }
        return text;
    }

    private static byte[] pdfBytes(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidRequest("content of a PDF document must be the file in base64.");
        }
    }
}

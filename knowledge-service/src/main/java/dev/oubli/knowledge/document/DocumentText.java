package dev.oubli.knowledge.document;

import dev.oubli.problem.ProblemException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;

import java.io.IOException;
import java.util.Base64;

/** The text of an uploaded document, the only form in which it is stored, guarded and searched. */
final class DocumentText {

    private DocumentText() {
    }

    /** CPU-bound for HTML and PDF: call it off the event loop. */
    static String extract(DocumentFormat format, String content) {
        return switch (format) {
            case TEXT, MARKDOWN -> content;
            case HTML -> Jsoup.parse(content).body().text();
            case PDF -> pdfText(content);
        };
    }

    private static String pdfText(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidRequest("content of a PDF document must be the file in base64.");
        }
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(pdf);
        } catch (IOException e) {
            throw ProblemException.invalidRequest("content is not a readable PDF document.");
        }
    }
}

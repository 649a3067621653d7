package dev.oubli.knowledge.document;

/**
 * The body of {@code POST /api/documents} and {@code PUT /api/documents/{id}}: {@code content} is the text for TEXT,
 * MARKDOWN and HTML, and the file in base64 for PDF.
 */
public record DocumentRequest(String title, DocumentFormat format, String content) {

    @Override
    public String toString() {
        return "DocumentRequest[format=" + format + "]";
    }
}

package dev.oubli.knowledge.document;

/** What a document was uploaded as; its text is extracted on upload. */
public enum DocumentFormat {
    /** Plain text, stored as is. */
    TEXT,
    /** Markdown, stored as is (its markup is light enough to search and read). */
    MARKDOWN,
    /** HTML: the text of its body (jsoup), without markup or scripts. */
    HTML,
    /** PDF, sent base64-encoded: the text of its pages (Apache PDFBox). */
    PDF
}

package dev.oubli.knowledge.document;

import java.util.List;

/** One page of a document listing. */
public record DocumentPage(List<DocumentSummary> items) {
}

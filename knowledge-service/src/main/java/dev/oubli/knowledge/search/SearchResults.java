package dev.oubli.knowledge.search;

import java.util.List;

/** The best matches first. */
public record SearchResults(List<SearchHit> hits) {
}

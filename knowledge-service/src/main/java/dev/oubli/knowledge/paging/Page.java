package dev.oubli.knowledge.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a listing and, when more follow, the cursor to pass for the next one. */
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * @param fetched up to {@code limit + 1} rows in listing order: one more than asked tells that another page follows
     */
    public static <E, T> Page<T> of(List<E> fetched, int limit, Function<E, T> item, Function<E, Cursor> cursorOf) {
        boolean more = fetched.size() > limit;
        List<E> shown = more ? fetched.subList(0, limit) : fetched;
        return new Page<>(shown.stream().map(item).toList(), more ? cursorOf.apply(shown.get(shown.size() - 1)).encode() : null);
    }
}

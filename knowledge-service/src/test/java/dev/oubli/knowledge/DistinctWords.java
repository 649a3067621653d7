package dev.oubli.knowledge;

/** Texts of many distinct words, past what a tsvector holds (about 1 MB of lexemes and positions). */
public final class DistinctWords {

    private DistinctWords() {
    }

    /** Words of seven letters, each different, separated by spaces, up to {@code characters}. */
    public static String text(int characters) {
        StringBuilder text = new StringBuilder(characters);
        for (int n = 0; text.length() + 8 <= characters; n++) {
            char[] word = new char[7];
            for (int i = 6, rest = n; i >= 0; i--, rest /= 26) {
                word[i] = (char) ('a' + rest % 26);
            }
            text.append(word).append(' ');
        }
        return text.toString();
    }
}

package dev.nificrm.roles;

/**
 * The full-width forms of ASCII letters, digits and signs ({@code １２３４５}, {@code ＡＢＣ}, {@code ＠}, as Japanese,
 * Chinese and Korean input methods write them) and the ideographic space, read as the ASCII characters Unicode's
 * compatibility decomposition makes of them, without changing any other character (ligatures, superscripts, kana and
 * ideographs stay). Shared by cleaning and matching, so that both read {@code ２０２４-０１-１５} as {@code 2024-01-15}.
 */
public final class FullWidthForms {
    private static final char FIRST = '\uFF01';
    private static final char LAST = '\uFF5E';
    private static final char IDEOGRAPHIC_SPACE = '\u3000';
    private static final int OFFSET = 0xFEE0;

    private FullWidthForms() {
    }

    /** The value with its full-width forms written as ASCII; the value itself when it has none. */
    public static String toAscii(final String value) {
        char[] chars = null;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c >= FIRST && c <= LAST || c == IDEOGRAPHIC_SPACE) {
                if (chars == null) {
                    chars = value.toCharArray();
                }
                chars[i] = c == IDEOGRAPHIC_SPACE ? ' ' : (char) (c - OFFSET);
            }
        }
        return chars == null ? value : new String(chars);
    }
}

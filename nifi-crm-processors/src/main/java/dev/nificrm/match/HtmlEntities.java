package dev.nificrm.match;

import org.apache.commons.text.translate.EntityArrays;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML entities a CRM's export or a web form leaves in a name, read as the characters they stand for: company names
 * ({@code Kamlit &amp; Venvel}, {@code Kamlit&#39;s}) and person names ({@code O&#39;Brien}, {@code M&uuml;ller},
 * {@code Jos&#233;}, {@code Mary&nbsp;Ann}). The named entities are those {@link org.apache.commons.text.StringEscapeUtils#unescapeHtml4} reads
 * (Commons Text's tables: HTML 4's, ISO 8859-1's letters among them) and {@code &apos;}, and HTML 5's names of the Latin
 * letters with a mark beyond them ({@code &rcaron;} ř, {@code &lstrok;} ł, {@code &odblac;} ő), in any case; numbered ones,
 * decimal or hex, for any character. Beyond {@code unescapeHtml4}: a name in capitals ({@code &AMP;}, {@code &UUML;}), a
 * value escaped twice ({@code &amp;#39;}, {@code &amp;amp;}) read twice, the characters a key reads otherwise written as
 * keys read them (a no-break space a space, a soft hyphen nothing, dashes {@code -}, curly quotes {@code '} and
 * {@code "}), and a value without an entity returned as it is.
 */
final class HtmlEntities {
    /**
     * HTML 5's words for the marks on the Latin letters it names ({@code &ccaron;}, {@code &aogon;}), with the words Unicode
     * names the letters with: the names of the letters Commons Text's HTML 4 tables lack, made from the characters' own.
     */
    private static final Map<String, String> MARKS = Map.ofEntries(Map.entry("GRAVE", "grave"), Map.entry("ACUTE", "acute"),
            Map.entry("CIRCUMFLEX", "circ"), Map.entry("TILDE", "tilde"), Map.entry("DIAERESIS", "uml"), Map.entry("RING ABOVE", "ring"),
            Map.entry("CEDILLA", "cedil"), Map.entry("CARON", "caron"), Map.entry("STROKE", "strok"), Map.entry("DOUBLE ACUTE", "dblac"),
            Map.entry("BREVE", "breve"), Map.entry("MACRON", "macr"), Map.entry("OGONEK", "ogon"), Map.entry("DOT ABOVE", "dot"));

    /**
     * Per entity name (between {@code &} and {@code ;}) the character it stands for, as keys read it ({@link #asKeysRead});
     * a name in another case is looked up in lower case.
     */
    private static final Map<String, String> NAMED = named();
    /** The longest entity read, {@code &} and {@code ;} included ({@code &#x10ffff;}, {@code &thetasym;}). */
    private static final int LONGEST = 10;
    private HtmlEntities() {
    }

    private static Map<String, String> named() {
        final Map<String, String> named = new HashMap<>();
        for (final Map<CharSequence, CharSequence> table : List.of(EntityArrays.BASIC_UNESCAPE, EntityArrays.APOS_UNESCAPE,
                EntityArrays.ISO8859_1_UNESCAPE, EntityArrays.HTML40_EXTENDED_UNESCAPE)) {
            table.forEach((entity, character) -> named.put(entity.subSequence(1, entity.length() - 1).toString(), asKeysRead(character.toString())));
        }
        // HTML 5's Latin letters with a mark (Latin Extended-A: č, ł, ő, ą, ż...), named as Unicode names them: LATIN SMALL
        // LETTER C WITH CARON is &ccaron;, LATIN CAPITAL LETTER L WITH STROKE &Lstrok;
        for (char letter = '\u0100'; letter <= '\u017f'; letter++) {
            final String[] name = Character.getName(letter).split(" LETTER | WITH ");
            if (name.length == 3 && name[1].length() == 1 && MARKS.containsKey(name[2])) {
                final String base = name[0].endsWith("SMALL") ? name[1].toLowerCase(Locale.ROOT) : name[1];
                named.putIfAbsent(base + MARKS.get(name[2]), String.valueOf(letter));
            }
        }
        return Map.copyOf(named);
    }

    /**
     * A character an entity stands for as the keys read its like: a no-break space a space (a word ends there), a soft
     * hyphen nothing (the word goes on), the dashes {@code -}, curly single quotes an apostrophe ({@code O&rsquo;Brien},
     * {@code O&#8217;Brien} are {@code O'Brien}, one word) and curly double quotes {@code "}.
     */
    private static String asKeysRead(final String character) {
        return switch (character) {
            case "\u00a0" -> " ";
            case "\u00ad" -> "";
            case "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015" -> "-";
            case "\u2018", "\u2019" -> "'";
            case "\u201c", "\u201d" -> "\"";
            default -> character;
        };
    }

    /**
     * The value with its HTML entities written as the characters they stand for; the value itself (no copy) when it holds
     * no {@code &} followed by an entity read here, as almost every value does. An ampersand before anything else
     * ({@code R&D}, {@code AT&T}, {@code Smith & Sons}) stays.
     */
    static String decode(final String value) {
        int ampersand = value.indexOf('&');
        if (ampersand < 0) {
            return value;
        }
        String text = value;
        // an entity escaped twice (&amp;amp;, &amp;#39;) is one after the first pass
        for (int pass = 0; pass < 2 && ampersand >= 0; pass++) {
            final StringBuilder decoded = new StringBuilder(text.length());
            int from = 0;
            boolean changed = false;
            while (ampersand >= 0) {
                final int end = text.indexOf(';', ampersand + 1);
                final String character = end < 0 || end - ampersand >= LONGEST ? null : character(text, ampersand + 1, end);
                if (character != null) {
                    decoded.append(text, from, ampersand).append(character);
                    from = end + 1;
                    changed = true;
                }
                ampersand = text.indexOf('&', character != null ? from : ampersand + 1);
            }
            if (!changed) {
                break;
            }
            text = decoded.append(text, from, text.length()).toString();
            ampersand = text.indexOf('&');
        }
        return text;
    }

    /** The character the entity named from {@code start} to {@code end} stands for, or null when it is none read here. */
    private static String character(final String text, final int start, final int end) {
        if (start < end && text.charAt(start) == '#') {
            final boolean hex = start + 1 < end && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X');
            final int digits = start + (hex ? 2 : 1);
            if (digits == end) {
                return null;
            }
            int code = 0;
            for (int at = digits; at < end; at++) {
                final int digit = Character.digit(text.charAt(at), hex ? 16 : 10);
                if (digit < 0) {
                    return null;
                }
                code = code * (hex ? 16 : 10) + digit;
            }
            return code > 0 && Character.isValidCodePoint(code) && (code < Character.MIN_SURROGATE || code > Character.MAX_SURROGATE)
                    ? asKeysRead(new String(Character.toChars(code))) : null;
        }
        final String name = text.substring(start, end);
        final String exact = NAMED.get(name);
        return exact != null ? exact : NAMED.get(name.toLowerCase(Locale.ROOT));
    }
}

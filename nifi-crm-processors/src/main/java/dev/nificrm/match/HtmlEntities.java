package dev.nificrm.match;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML entities a CRM's export or a web form leaves in a name, read as the characters they stand for: company names
 * ({@code Kamlit &amp; Venvel}, {@code Kamlit&#39;s}) and person names ({@code O&#39;Brien}, {@code M&uuml;ller},
 * {@code Jos&#233;}, {@code Mary&nbsp;Ann}). Named entities for the ampersand, apostrophes, quotation marks, spaces and
 * dashes and for the accented Latin letters of names (ISO 8859-1's and a few of Latin Extended-A's), in any case; numbered
 * ones, decimal or hex, for any character; a value escaped twice ({@code &amp;#39;}, {@code &amp;amp;}) read twice.
 */
final class HtmlEntities {
    /** Per entity name (between {@code &} and {@code ;}) the character it stands for; names in lower case for any case. */
    private static final Map<String, String> NAMED = named();
    /** The longest entity read, {@code &} and {@code ;} included ({@code &#x10ffff;}, {@code &thetasym;}). */
    private static final int LONGEST = 10;

    private HtmlEntities() {
    }

    private static Map<String, String> named() {
        final Map<String, String> named = new HashMap<>();
        named.put("amp", "&");
        named.put("apos", "'");
        named.put("rsquo", "'");
        named.put("lsquo", "'");
        named.put("quot", "\"");
        named.put("ldquo", "\"");
        named.put("rdquo", "\"");
        named.put("nbsp", " ");
        named.put("ndash", "-");
        named.put("mdash", "-");
        named.put("shy", "");
        named.put("szlig", "ß");
        // the accented letters of names: &uuml; ü, &Uuml; Ü (a key folds case, so both read lower case as well)
        final String[][] accented = {{"grave", "àèìòù", "aeiou"}, {"acute", "áéíóúýćńśźĺŕ", "aeiouycnszlr"}, {"circ", "âêîôû", "aeiou"},
                {"tilde", "ãñõ", "ano"}, {"uml", "äëïöüÿ", "aeiouy"}, {"ring", "å", "a"}, {"cedil", "çş", "cs"},
                {"caron", "čšžřěď", "cszred"}, {"slash", "ø", "o"}};
        for (final String[] mark : accented) {
            for (int at = 0; at < mark[1].length(); at++) {
                named.put(mark[2].charAt(at) + mark[0], String.valueOf(mark[1].charAt(at)));
            }
        }
        named.put("aelig", "æ");
        named.put("oelig", "œ");
        named.put("eth", "ð");
        named.put("thorn", "þ");
        return Map.copyOf(named);
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
            if (code == 0xA0) {
                return " ";
            }
            return code > 0 && Character.isValidCodePoint(code) && (code < Character.MIN_SURROGATE || code > Character.MAX_SURROGATE)
                    ? new String(Character.toChars(code)) : null;
        }
        final String name = text.substring(start, end);
        final String exact = NAMED.get(name);
        return exact != null ? exact : NAMED.get(name.toLowerCase(Locale.ROOT));
    }
}

package dev.nificrm.roles;

import org.jsoup.nodes.Entities;

import java.nio.charset.Charset;
import java.util.Locale;

/**
 * The HTML entities a CRM's export or a web form leaves in a name, read as the characters they stand for: company names
 * ({@code Kamlit &amp; Venvel}, {@code Kamlit&#39;s}) and person names ({@code O&#39;Brien}, {@code M&uuml;ller},
 * {@code Jos&#233;}, {@code Mary&nbsp;Ann}). The named entities are HTML 5's (WHATWG's table as jsoup holds it: HTML 4's,
 * {@code &apos;}, the Latin letters with a mark, {@code &rcaron;} ř, {@code &lstrok;} ł, {@code &odblac;} ő, and the rest,
 * {@code &period;}, {@code &lpar;}), in any case; numbered ones, decimal or hex, for any character. As a browser reads
 * them: HTML 5's legacy names written without {@code ;} ({@code &amp}, {@code &eacute}, {@code &nbsp}, {@code &AMP}: those of HTML
 * 3.2, in the table's case) where no letter, digit or {@code =} follows (as in an attribute: {@code Jos&eacute} is {@code José},
 * {@code Art&central} stays), a number without {@code ;} where it cannot be read otherwise ({@code O&#39Brien}; {@code Ren&#xE9e} stays) or
 * where the name goes on ({@code D&#x27Angelo} is {@code D'Angelo}, {@code Stra&#xdfe} {@code Straße}), and the numbers 128 to 159 as the
 * windows-1252 characters a legacy page meant by them ({@code O&#146;Brien} is {@code O’Brien}). Beyond a browser: a
 * name in capitals ({@code &AMP;}, {@code &UUML;}), a value escaped twice ({@code &amp;#39;}, {@code &amp;amp;}) read
 * twice, the characters a key reads otherwise written as keys read them (a no-break space a space, a soft hyphen
 * nothing, dashes {@code -}, curly quotes {@code '} and {@code "}), and a value without an entity returned as it is.
 * Shared by matching, whose comparison keys read names, streets and cities so, and mapping, whose picklist look-up reads
 * a value so before it finds its row ({@code Oil &amp; Energy} as {@code Oil & Energy}, HubSpot's {@code OIL_ENERGY}).
 */
public final class HtmlEntities {
    /** The longest entity name HTML 5 has ({@code CounterClockwiseContourIntegral}) and then some. */
    private static final int LONGEST_NAME = 32;
    /**
     * Per number from 128 to 159 the windows-1252 character HTML 5 reads it as ({@code &#146;} ’, {@code &#150;} –), or
     * null where windows-1252 has none (the number's own character then).
     */
    private static final String[] WINDOWS_1252 = windows1252();

    private HtmlEntities() {
    }

    private static String[] windows1252() {
        final String[] characters = new String[32];
        final Charset charset = Charset.forName("windows-1252");
        for (int code = 0x80; code <= 0x9f; code++) {
            final String character = new String(new byte[]{(byte) code}, charset);
            characters[code - 0x80] = character.charAt(0) == '\ufffd' || character.charAt(0) == code ? null : character;
        }
        return characters;
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
    public static String decode(final String value) {
        int ampersand = value.indexOf('&');
        if (ampersand < 0) {
            return value;
        }
        String text = value;
        final int[] end = new int[1];
        // an entity escaped twice (&amp;amp;, &amp;#39;) is one after the first pass
        for (int pass = 0; pass < 2 && ampersand >= 0; pass++) {
            final StringBuilder decoded = new StringBuilder(text.length());
            int from = 0;
            boolean changed = false;
            while (ampersand >= 0) {
                final String character = character(text, ampersand + 1, end);
                if (character != null) {
                    decoded.append(text, from, ampersand).append(character);
                    from = end[0];
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

    /**
     * The character the entity from {@code start} (after its {@code &}) stands for, as keys read it, with in {@code end}
     * where the entity ends (after its {@code ;} if it has one), or null when none is read there.
     */
    private static String character(final String text, final int start, final int[] end) {
        if (start < text.length() && text.charAt(start) == '#') {
            return numbered(text, start + 1, end);
        }
        int after = start;
        while (after < text.length() && after - start <= LONGEST_NAME && isAsciiLetterOrDigit(text.charAt(after))) {
            after++;
        }
        if (after == start || after - start > LONGEST_NAME) {
            return null;
        }
        final String name = text.substring(start, after);
        if (after < text.length() && text.charAt(after) == ';') {
            final String character = named(name);
            if (character != null) {
                end[0] = after + 1;
                return asKeysRead(character);
            }
        }
        // a legacy name without its ; is read only where it ends a word, as a browser reads it in an attribute
        if (after < text.length() && text.charAt(after) == '=') {
            return null;
        }
        // in the table's case only: COPY and copy are such names, Copy is not (Print&Copy stays)
        if (!Entities.isBaseNamedEntity(name)) {
            return null;
        }
        end[0] = after;
        return asKeysRead(Entities.getByName(name));
    }

    /** What an entity named so stands for (the name in another case looked up in lower case), or null. */
    private static String named(final String name) {
        final String exact = Entities.getByName(name);
        if (!exact.isEmpty()) {
            return exact;
        }
        final String lower = Entities.getByName(name.toLowerCase(Locale.ROOT));
        return lower.isEmpty() ? null : lower;
    }

    /**
     * The character numbered from {@code start} (after {@code &#}), with or without its {@code ;}, or null. Without its
     * {@code ;} a number is read only where it cannot be read otherwise: it stands for a character (assigned, no control
     * character), and where its hex digits end in letters ({@code a}-{@code f}) that may be the name's own, the number
     * before them stands for none ({@code M&#xFCller} is {@code Müller}: {@code &#xF} is a control character; but
     * {@code Ren&#xE9e}, {@code &#xE9} é and then {@code e}, or a Lao letter, stays as written), or, where it does, the number
     * is read where the name goes on ({@link #beforeAWord}: {@code D&#x27Angelo} is {@code D'Angelo}, not {@code Dɺngelo}). Letters
     * that stand inside no word of the name are the number's ({@link #inAWord}): {@code &#x201CJohn&#x201D} is {@code “John”}.
     */
    private static String numbered(final String text, final int start, final int[] end) {
        final boolean hex = start < text.length() && (text.charAt(start) == 'x' || text.charAt(start) == 'X');
        final int digits = start + (hex ? 1 : 0);
        int at = digits;
        int code = 0;
        int lastLetters = 0;
        while (at < text.length()) {
            final int digit = text.charAt(at) < 128 ? Character.digit(text.charAt(at), hex ? 16 : 10) : -1;
            if (digit < 0) {
                break;
            }
            // past the last character (0x10ffff) a number stands for none
            code = Math.min(code * (hex ? 16 : 10) + digit, Character.MAX_CODE_POINT + 1);
            lastLetters = digit > 9 ? lastLetters + 1 : 0;
            at++;
        }
        if (at == digits) {
            return null;
        }
        final boolean semicolon = at < text.length() && text.charAt(at) == ';';
        if (!semicolon && hex && !isCharacter(code)) {
            // a browser reads the whole run, past the last character or unassigned, as U+FFFD and loses the letters in it
            return beforeAWord(text, start, digits, at, end);
        }
        if (code <= 0 || !Character.isValidCodePoint(code) || code >= Character.MIN_SURROGATE && code <= Character.MAX_SURROGATE) {
            return null;
        }
        final int letters = Math.min(lastLetters, at - digits - 1);
        if (!semicolon && !isQuoteOrDash(code) && !unambiguous(code, inAWord(text, start - 2, at - letters, at) ? letters : 0)) {
            // the number before its last letters stands for a character too: read up to its quote or before a capitalised word
            return hex ? beforeAWord(text, start, digits, at, end) : null;
        }
        end[0] = semicolon ? at + 1 : at;
        return character(code);
    }

    /** The character a number stands for, as keys read it: 128 to 159 as windows-1252's. */
    private static String character(final int code) {
        final String windows = code >= 0x80 && code <= 0x9f ? WINDOWS_1252[code - 0x80] : null;
        return asKeysRead(windows != null ? windows : new String(Character.toChars(code)));
    }

    /**
     * The character of a hex number without its {@code ;} whose digits run on into the name's letters, so that the whole run stands
     * for no character ({@code &#x201CAcme}: {@code 201CAC} is past the last one) or stands for one though the run without its last
     * letters does too ({@code D&#x27Angelo}: ɺ and {@code ngelo}, or ' and {@code Angelo}), read up to where the name goes on, with
     * in {@code end} where the number ends: after the first digits that stand for a quotation mark or a dash ({@code 201C}, which no
     * word's letters go on through: {@code &#x201CACME}, {@code &#x201cacme}, {@code &#xABAcme}), or before a capitalised word, a hex
     * capital followed by a small letter ({@code &#x2122Acme}: ™ and {@code Acme}; {@code D&#x27Angelo}: ' and {@code Angelo}), where
     * the number before it is no letter, mark or digit (the capital would go on from it, inside a word) and does not end in letters
     * that may be the name's own ({@link #unambiguous}). Where the whole run stands for no character, also: before a capitalised word
     * where the number before it stands for none either ({@code &#x10FFFFAcme}: U+10FFFF and {@code Acme}, as a browser reads
     * {@code &#x10FFFF;}; past the last character U+FFFD), or inside a word, where the number's first digits are the only ones that stand for a
     * character and it is a letter of the word's case ({@code Stra&#xdfe}: ß and {@code e}; {@code &#xD} is a line end, and
     * {@code DFE} no character). Null where none is. A browser reads the whole run (U+FFFD past the last character, and drops the
     * letters in it: {@code �me}; {@code ɺngelo}), which would give two companies one name or a name a letter it was not written
     * with; this reading keeps the name's letters, and the longest run that stands for a character would not ({@code 201CA} is a
     * CJK ideograph).
     */
    private static String beforeAWord(final String text, final int start, final int digits, final int at, final int[] end) {
        final boolean noCharacter = !isCharacter(runCode(text, digits, at));
        int code = 0;
        int lastLetters = 0;
        int onlyCharacter = -1;
        int characters = 0;
        for (int split = digits + 1; split < at; split++) {
            final int digit = Character.digit(text.charAt(split - 1), 16);
            code = Math.min(code * 16 + digit, Character.MAX_CODE_POINT + 1);
            lastLetters = digit > 9 ? lastLetters + 1 : 0;
            final int letters = Math.min(lastLetters, split - digits - 1);
            if (isQuoteOrDash(code) || wordBegins(text, split) && beforeItsCapital(text, start, split, code, letters)) {
                end[0] = split;
                return character(code);
            }
            if (noCharacter && wordBegins(text, split) && standsForNone(code)) {
                end[0] = split;
                return code <= Character.MAX_CODE_POINT && Character.getType(code) == Character.UNASSIGNED
                        ? new String(Character.toChars(code)) : "\ufffd";
            }
            if (isCharacter(code) && code != '\t' && code != '\n' && code != '\r') {
                characters++;
                onlyCharacter = split;
            }
        }
        if (noCharacter && characters == 1 && letterOfTheWord(text, start - 2, onlyCharacter, runCode(text, digits, onlyCharacter))) {
            end[0] = onlyCharacter;
            return character(runCode(text, digits, onlyCharacter));
        }
        return null;
    }

    /**
     * Whether a number stands for no character, nor for a control character a digit more or less would make of it: unassigned (a
     * noncharacter, U+10FFFF), a surrogate, or past the last character; not {@code &#xE} (a control character), which in
     * {@code Mar&#xEDa} stands before {@code Da} only as part of the run.
     */
    private static boolean standsForNone(final int code) {
        if (code > Character.MAX_CODE_POINT) {
            return true;
        }
        final int type = Character.getType(code);
        return type == Character.UNASSIGNED || type == Character.SURROGATE;
    }

    /** The number the hex digits from {@code from} to {@code to} stand for, past the last character as one past it. */
    private static int runCode(final String text, final int from, final int to) {
        int code = 0;
        for (int at = from; at < to; at++) {
            code = Math.min(code * 16 + Character.digit(text.charAt(at), 16), Character.MAX_CODE_POINT + 1);
        }
        return code;
    }

    /**
     * Whether a number stands for a letter inside a word, in the word's case: a letter before the entity's {@code &} and after the
     * number ({@code split}), each in the number's letter's case ({@code Stra&#xdfe}: a, ß, e; not {@code STRA&#xdfE}).
     */
    private static boolean letterOfTheWord(final String text, final int ampersand, final int split, final int code) {
        if (!Character.isLetter(code) || ampersand <= 0 || !Character.isLetter(text.charAt(ampersand - 1)) || !Character.isLetter(text.charAt(split))) {
            return false;
        }
        final boolean small = Character.isLowerCase(code);
        return small == Character.isLowerCase(text.charAt(ampersand - 1)) && small == Character.isLowerCase(text.charAt(split))
                && (small || Character.isUpperCase(code));
    }

    /** Whether a capitalised word begins at {@code at}: a hex capital followed by a small letter ({@code Acme}, {@code Beta}). */
    private static boolean wordBegins(final String text, final int at) {
        final char capital = text.charAt(at);
        return capital >= 'A' && capital <= 'F' && at + 1 < text.length() && Character.isLowerCase(text.charAt(at + 1));
    }

    /** Whether a number that ends before a capitalised word is read there: a character beside the word, not in it. */
    private static boolean beforeItsCapital(final String text, final int start, final int capital, final int code, final int letters) {
        return isCharacter(code) && !Character.isLetterOrDigit(code) && !isMark(code)
                && unambiguous(code, inAWord(text, start - 2, capital - letters, capital) ? letters : 0);
    }

    private static boolean isMark(final int code) {
        final int type = Character.getType(code);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /**
     * Whether a number stands for a quotation mark or a dash a name is written between or with ({@code &#x201C}, {@code &#x201D},
     * {@code &#xAB}, {@code &#x2013}), which no word's letters go on through: written without its {@code ;}, it is read through its
     * last hex digit, as a browser reads it, also after or before a word's letters ({@code John&#x201d}, {@code ACME&#x201D},
     * {@code &#x201cjohn}). The number without its last hex letters would be a letter no name is written with ({@code &#x201} ȁ,
     * {@code &#x203} ȃ) or a line end ({@code &#xA}).
     */
    private static boolean isQuoteOrDash(final int code) {
        return code >= 0x2010 && code <= 0x201f || code == 0xab || code == 0xbb || code == 0x2039 || code == 0x203a;
    }

    /**
     * Whether the hex letters from {@code from} to {@code to} that end a number written without its {@code ;} may be the name's
     * own, as letters of a word the number stands inside: a letter stands before the entity's {@code &} in the case of a word's
     * letters after it ({@code Mar&#xEDa}, {@code Ren&#xE9e}, {@code D&#x27Angelo}; not {@code Acme&#x201D}, where a capital
     * {@code D} after the small {@code e} is no letter of {@code Acme}), or a letter follows them that goes on from them
     * ({@code &#x27Angelo}, {@code &#x27ANGELO}; not {@code &#x201CJohn}, where a word of its own begins, {@code John}). An
     * entity that is a word of its own ({@code &#x201C}, {@code &#x201C Acme}) or stands beside one ({@code &#x201CJohn&#x201D})
     * holds no letters of the name: its number is read through its last hex digit, as HTML 5 reads it.
     *
     * @param ampersand the index of the entity's {@code &}
     */
    private static boolean inAWord(final String text, final int ampersand, final int from, final int to) {
        if (from == to) {
            return false;
        }
        final boolean capitals = Character.isUpperCase(text.charAt(to - 1));
        if (ampersand > 0 && Character.isLetter(text.charAt(ampersand - 1))
                && !(capitals && Character.isLowerCase(text.charAt(ampersand - 1)))) {
            return true;
        }
        if (to >= text.length() || !Character.isLetter(text.charAt(to))) {
            return false;
        }
        // a capital followed by a small letter begins a word of its own after the number
        final boolean wordBegins = Character.isUpperCase(text.charAt(to)) && to + 1 < text.length() && Character.isLowerCase(text.charAt(to + 1));
        return !wordBegins;
    }

    /**
     * Whether a number written without its {@code ;} stands for a character, and the number without its last
     * {@code letters} hex digits, one, two..., each a letter that may be the name's own, for none a word's letters go on
     * from: a tab or a line end is none ({@code Gro&#xdf} is {@code Groß}, not {@code Gro}, a line end and {@code f};
     * {@code M&#xDCLLER} {@code MÜLLER}).
     */
    private static boolean unambiguous(final int code, final int letters) {
        if (!isCharacter(code)) {
            return false;
        }
        for (int dropped = 1; dropped <= letters; dropped++) {
            final int before = code >>> 4 * dropped;
            if (isCharacter(before) && before != '\t' && before != '\n' && before != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Whether a number stands for a character a name may hold: assigned, no control character but a tab or line end. */
    private static boolean isCharacter(final int code) {
        if (code >= 0x80 && code <= 0x9f) {
            return WINDOWS_1252[code - 0x80] != null;
        }
        final int type = Character.getType(code);
        return code > 0 && type != Character.UNASSIGNED && type != Character.SURROGATE
                && (type != Character.CONTROL || code == '\t' || code == '\n' || code == '\r');
    }

    private static boolean isAsciiLetterOrDigit(final char character) {
        return character >= 'a' && character <= 'z' || character >= 'A' && character <= 'Z' || character >= '0' && character <= '9';
    }
}

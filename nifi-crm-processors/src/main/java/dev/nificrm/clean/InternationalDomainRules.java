package dev.nificrm.clean;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a careful mail system refuses of a domain name written in Unicode letters, which {@link EmailRule} and
 * {@link WebsiteRule} ask only of a name beyond ASCII (an ASCII name pays nothing for it):
 * <ul>
 * <li>a label with hyphens in its third and fourth places ({@code bü--cher}), which RFC 5891 (4.2.3.1) keeps for the
 * ASCII form's {@code xn--}: a U-label never has them (an {@code xn--} label is read as the letters it encodes);</li>
 * <li>a label longer than 63 characters, or a name longer than 253, in its ASCII form ({@code xn--}, RFC 5890): the
 * length DNS holds, which a label of 25 Unicode letters can pass;</li>
 * <li>a label of several scripts ({@code pаypal} with a Cyrillic {@code а}): one script per label, or Latin with the
 * Han, Hiragana, Katakana, Bopomofo or Hangul of one CJK writing system, as Unicode's UTS #39 "highly restrictive"
 * level says and Gmail and browsers apply (RFC 5891 leaves it to registries and applications);</li>
 * <li>a label of Cyrillic, Greek, Armenian, Georgian or Cherokee letters that all look like Latin ones ({@code асе.com},
 * {@code аррӏе.com} in Cyrillic, {@code ցօօց.com} in Armenian, {@code ᏴᎪᏚᎬ.com} in Cherokee: a whole-script look-alike
 * of a Latin name) under a top-level domain neither of that script nor of a country that writes it, which browsers
 * refuse to show in Unicode letters (see {@link LatinLookAlikes});</li>
 * <li>right-to-left and left-to-right text mixed against RFC 5893's Bidi Rule (a Hebrew letter in a Latin label, a
 * label of a Bidi name that starts with a digit);</li>
 * <li>a joiner or a contextual punctuation out of the context RFC 5892 gives it (a zero-width joiner not after a
 * virama; a middle dot not between two {@code l}, Catalan's {@code l·l}; a katakana middle dot in a label without
 * Japanese; Arabic-Indic digits of two kinds).</li>
 * </ul>
 * The letters themselves (letters, digits, inner hyphens, marks after a letter) are the rules' own check.
 * <pre>
 * InternationalDomainRules.reason("bücher.de", 0, 9)    → null
 * InternationalDomainRules.reason("pаypal.com", 0, 10)  → "domain label mixes scripts (look-alike letters)"
 * </pre>
 */
final class InternationalDomainRules {
    static final String LABEL_TOO_LONG = "internationalised domain label longer than 63 characters in its ASCII form (xn--)";
    static final String NAME_TOO_LONG = "domain longer than 253 characters in its ASCII form";
    static final String MIXED_SCRIPTS = "domain label mixes scripts (look-alike letters)";
    static final String BIDI = "domain label mixes right-to-left and left-to-right text (RFC 5893)";
    static final String CONTEXT = "joiner or middle dot out of its context in domain (RFC 5892)";
    static final String HYPHENS = "domain label has hyphens in its third and fourth places (RFC 5891)";
    static final String LOOKS_LATIN_CYRILLIC = "domain label looks like a Latin name in Cyrillic letters";
    static final String LOOKS_LATIN_GREEK = "domain label looks like a Latin name in Greek letters";
    static final String LOOKS_LATIN_ARMENIAN = "domain label looks like a Latin name in Armenian letters";
    static final String LOOKS_LATIN_GEORGIAN = "domain label looks like a Latin name in Georgian letters";
    static final String LOOKS_LATIN_CHEROKEE = "domain label looks like a Latin name in Cherokee letters";
    static final int MAX_LABEL = 63;
    static final int MAX_NAME = 253;

    private static final char ZERO_WIDTH_NON_JOINER = '\u200C';
    private static final char ZERO_WIDTH_JOINER = '\u200D';
    private static final char MIDDLE_DOT = '\u00B7';
    private static final char GREEK_KERAIA = '\u0375';
    private static final char HEBREW_GERESH = '\u05F3';
    private static final char HEBREW_GERSHAYIM = '\u05F4';
    private static final char KATAKANA_MIDDLE_DOT = '\u30FB';
    private static final String ACE_PREFIX = "xn--";

    /** The scripts one label may mix with Latin: the writing systems of Japanese, Chinese and Korean. */
    private static final Set<Character.UnicodeScript> JAPANESE = Set.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN,
            Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA);
    private static final Set<Character.UnicodeScript> CHINESE = Set.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN,
            Character.UnicodeScript.BOPOMOFO);
    private static final Set<Character.UnicodeScript> KOREAN = Set.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN,
            Character.UnicodeScript.HANGUL);

    /**
     * The viramas (canonical combining class 9), after which a zero-width joiner or non-joiner asks for a conjunct's
     * half form (Devanagari क्‍ष): RFC 5892's CONTEXTJ rule. Checked against the JDK's normalisation by the test.
     */
    static final int[] VIRAMAS = {0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D3B, 0x0D3C, 0x0D4D,
        0x0DCA, 0x0E3A, 0x0EBA, 0x0F84, 0x1039, 0x103A, 0x1714, 0x1715, 0x1734, 0x17D2, 0x1A60, 0x1B44, 0x1BAA, 0x1BAB, 0x1BF2,
        0x1BF3, 0x2D7F, 0xA806, 0xA82C, 0xA8C4, 0xA953, 0xA9C0, 0xAAF6, 0xABED, 0x10A3F, 0x11046, 0x11070, 0x1107F, 0x110B9, 0x11133,
        0x11134, 0x111C0, 0x11235, 0x112EA, 0x1134D, 0x113CE, 0x113CF, 0x113D0, 0x11442, 0x114C2, 0x115BF, 0x1163F, 0x116B6, 0x1172B,
        0x11839, 0x1193D, 0x1193E, 0x119E0, 0x11A34, 0x11A47, 0x11A99, 0x11C3F, 0x11D44, 0x11D45, 0x11D97, 0x11F41, 0x11F42, 0x1612F};

    /**
     * The Arabic and Syriac letters that join only the letter before them (Joining_Type R: alef, dal, reh, waw...), so
     * that a zero-width non-joiner cannot stand after them; the other letters of these scripts join on both sides.
     */
    private static final int[] RIGHT_JOINING = {0x0622, 0x0623, 0x0624, 0x0625, 0x0627, 0x0629, 0x062F, 0x0630, 0x0631, 0x0632,
        0x0648, 0x0671, 0x0672, 0x0673, 0x0675, 0x0676, 0x0677, 0x0688, 0x0689, 0x068A, 0x068B, 0x068C, 0x068D, 0x068E, 0x068F,
        0x0690, 0x0691, 0x0692, 0x0693, 0x0694, 0x0695, 0x0696, 0x0697, 0x0698, 0x0699, 0x06C0, 0x06C3, 0x06C4, 0x06C5, 0x06C6,
        0x06C7, 0x06C8, 0x06C9, 0x06CA, 0x06CB, 0x06CD, 0x06CF, 0x06D2, 0x06D3, 0x06D5, 0x06EE, 0x06EF, 0x0710, 0x0715, 0x0716,
        0x0717, 0x0718, 0x0719, 0x071E, 0x0728, 0x072A, 0x072C, 0x072F, 0x074D, 0x0759, 0x075A, 0x075B, 0x076B, 0x076C, 0x0771,
        0x0773, 0x0774, 0x0778, 0x0779, 0x08AA, 0x08AB, 0x08AC, 0x08AE, 0x08B1, 0x08B2, 0x08B9};

    /** The Arabic letters that join no letter (Joining_Type U: the hamza on the line, the high hamza). */
    private static final int[] NON_JOINING = {0x0621, 0x0674, 0x08AD};

    private InternationalDomainRules() {
    }

    /** Whether a character is one IDNA 2008 allows only in a context (CONTEXTJ and the punctuation of CONTEXTO). */
    static boolean isContextual(final char c) {
        return c == ZERO_WIDTH_NON_JOINER || c == ZERO_WIDTH_JOINER || c == MIDDLE_DOT || c == GREEK_KERAIA || c == HEBREW_GERESH
                || c == HEBREW_GERSHAYIM || c == KATAKANA_MIDDLE_DOT;
    }

    /**
     * Why the lower-case name between {@code start} and {@code end}, whose labels are letters, digits, inner hyphens,
     * marks and contextual characters, is no internationalised domain name; null when it is one.
     */
    static String reason(final String name, final int start, final int end) {
        int asciiLength = -1;
        boolean bidi = false;
        int labelStart = start;
        for (int i = start; i <= end; i++) {
            if (i < end && name.charAt(i) != '.') {
                continue;
            }
            final String label = name.substring(labelStart, i);
            if (isAscii(label, 0, label.length())) {
                asciiLength += label.length() + 1;
            } else {
                final int labelAscii = asciiLength(label);
                if (labelAscii > MAX_LABEL) {
                    return LABEL_TOO_LONG;
                }
                asciiLength += labelAscii + 1;
                final String labelReason = labelReason(label);
                if (labelReason != null) {
                    return labelReason;
                }
                final String lookAlikeReason = lookAlikeReason(label, name, start, end);
                if (lookAlikeReason != null) {
                    return lookAlikeReason;
                }
            }
            bidi |= hasRightToLeft(label);
            labelStart = i + 1;
        }
        if (asciiLength > MAX_NAME) {
            return NAME_TOO_LONG;
        }
        return bidi ? bidiReason(name, start, end) : null;
    }

    /**
     * Whether the lower-case name between {@code start} and {@code end}, which {@link #reason} accepts, is longer than
     * {@code max} characters in its ASCII form, each label beyond ASCII written as {@code xn--} and its Punycode: the
     * form a mail server without SMTPUTF8 is given. Such a label is encoded only when the name could be that long with
     * each of them as long as a label can be (63 characters), which a name of a few short labels never is.
     */
    static boolean isLongerInAsciiThan(final String name, final int start, final int end, final int max) {
        return asciiLength(name, start, end, true) > max && asciiLength(name, start, end, false) > max;
    }

    /** The name's length in its ASCII form; with {@code atMost}, its longest, each label beyond ASCII counted as 63. */
    private static int asciiLength(final String name, final int start, final int end, final boolean atMost) {
        int length = -1;
        int labelStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || name.charAt(i) == '.') {
                if (isAscii(name, labelStart, i)) {
                    length += 1 + i - labelStart;
                } else {
                    length += 1 + (atMost ? MAX_LABEL : asciiLength(name.substring(labelStart, i)));
                }
                labelStart = i + 1;
            }
        }
        return length;
    }

    /** The length of a label beyond ASCII as {@code xn--} and its Punycode. */
    private static int asciiLength(final String label) {
        return ACE_PREFIX.length() + InternationalDomains.encode(label).length();
    }

    private static boolean isAscii(final String text, final int start, final int end) {
        for (int i = start; i < end; i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static String labelReason(final String label) {
        if (!label.startsWith(ACE_PREFIX) && hasHyphensInThirdAndFourthPlaces(label)) {
            // an xn-- label is judged as the ASCII form it claims to be, by the letters it decodes to
            return HYPHENS;
        }
        final Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        boolean arabicIndic = false;
        boolean extendedArabicIndic = false;
        for (int i = 0; i < label.length(); i += Character.charCount(label.codePointAt(i))) {
            final int point = label.codePointAt(i);
            if (!isInContext(label, i)) {
                return CONTEXT;
            }
            arabicIndic |= point >= 0x0660 && point <= 0x0669;
            extendedArabicIndic |= point >= 0x06F0 && point <= 0x06F9;
            final Character.UnicodeScript script = Character.UnicodeScript.of(point);
            if (script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED) {
                scripts.add(script);
            }
        }
        if (arabicIndic && extendedArabicIndic) {
            return CONTEXT;
        }
        if (scripts.size() > 1 && !JAPANESE.containsAll(scripts) && !CHINESE.containsAll(scripts) && !KOREAN.containsAll(scripts)) {
            return MIXED_SCRIPTS;
        }
        return null;
    }

    /**
     * Why the label, of one script, looks like a Latin name in Cyrillic, Greek, Armenian, Georgian or Cherokee letters where that
     * script is not at home (its every letter of the script a Latin look-alike; digits, hyphens and marks aside, as Chromium counts);
     * null when it does not.
     */
    private static String lookAlikeReason(final String label, final String name, final int start, final int end) {
        LatinLookAlikes lookAlikes = null;
        for (int i = 0; i < label.length(); i += Character.charCount(label.codePointAt(i))) {
            final int point = label.codePointAt(i);
            if (point < 0x80) {
                // a digit or a hyphen: an ASCII letter is Latin, which a label of the table's scripts does not hold
                continue;
            }
            final Character.UnicodeScript script = Character.UnicodeScript.of(point);
            if (script == Character.UnicodeScript.COMMON || script == Character.UnicodeScript.INHERITED) {
                continue;
            }
            if (lookAlikes == null) {
                lookAlikes = LatinLookAlikes.of(script);
                if (lookAlikes == null) {
                    return null;
                }
            }
            if (!lookAlikes.looksLatin(point)) {
                return null;
            }
        }
        if (lookAlikes == null) {
            return null;
        }
        final int dot = name.lastIndexOf('.', end - 1);
        return lookAlikes.isAtHomeUnder(name.substring(Math.max(start, dot + 1), end)) ? null : lookAlikes.reason;
    }

    /**
     * The Cyrillic, Greek, Armenian, Georgian and Cherokee letters that look like Latin ones in the case domain names are
     * compared in (lower case; Cherokee's capitals, to which its small letters fold), and the top-level domains where a
     * label of nothing but them is at home. The letters are Unicode's
     * confusables for the script (UTS #39's confusables.txt: a lower-case letter whose prototype is one Latin letter, such
     * as а → a, ѕ → s, ρ → p, σ → o, օ → o, ց → g, ყ → y) together with the Cyrillic and Greek ones Chromium's IDN spoof
     * checker adds for their lower-case glyphs (к → k, п → n, ъ and ь → b, ы → bl, ю → io, η → n, κ → k, τ → t, ω → w;
     * components/url_formatter/spoof_checks/idn_spoof_checker.cc, whose top-level domains these are too, less its "pyc",
     * no delegated domain). For Armenian and Georgian only Unicode's are taken: the letters Chromium adds (Armenian է, լ,
     * ւ and the modifier ՙ; Georgian ი, ო, ძ, ხ, ჽ) have no Latin prototype in Unicode's data, and a genuine word of
     * them under a foreign domain would be rejected on a glyph's say-so. So Georgian, whose confusables are ყ and the
     * labial sign ჿ alone, catches only names of y and o. Cherokee's are Unicode's too: the 28 capitals whose prototype is
     * one Latin letter (Ꭺ A, Ᏼ B, Ꮯ C, Ꭰ D...; not Ꭴ, O and an apostrophe, nor Ꮞ and Ᏸ, digits), so {@code ᏴᎪᏚᎬ} (BASE)
     * is rejected and {@code ᏣᎳᎩ} (tsalagi, whose Ꮳ is none) kept; the script has no country and no top-level domain of
     * its own to be at home under. As there, a label of them is at home under a top-level domain
     * in letters of the script ({@code рф}, {@code укр}, {@code ελ}, {@code հայ}, {@code გე}), which an {@code xn--} one
     * is read as.
     */
    enum LatinLookAlikes {
        // each letter with the Latin one it looks like; (C) only in Chromium's list, (U) only in Unicode's confusables
        CYRILLIC(Character.UnicodeScript.CYRILLIC, LOOKS_LATIN_CYRILLIC, Set.of("bg", "by", "kz", "ru", "su", "ua", "uz"),
                // а a, г r, е e, к k (C), о o, п n (C), р p, с c, у y, х x
                0x0430, 0x0433, 0x0435, 0x043A, 0x043E, 0x043F, 0x0440, 0x0441, 0x0443, 0x0445,
                // ъ b (C), ы bl (C; Unicode maps Ы), ь b (C; Unicode maps Ь), ю io (C; Unicode maps Ю), ѕ s, і i, ј j, ѡ w, ѵ v
                0x044A, 0x044B, 0x044C, 0x044E, 0x0455, 0x0456, 0x0458, 0x0461, 0x0475,
                // ү y (U), һ h, ҽ e, ӏ l (Unicode: i, through ı), ԁ d, ԍ g (C; Unicode maps Ԍ), ԗ (C), ԛ q, ԝ w
                0x04AF, 0x04BB, 0x04BD, 0x04CF, 0x0501, 0x050D, 0x0517, 0x051B, 0x051D),
        GREEK(Character.UnicodeScript.GREEK, LOOKS_LATIN_GREEK, Set.of("gr"),
                // α a, γ y (U), η n (C), ι i, κ k (C), ν v, ο o, ρ p, σ o (U), τ t (C), υ u, ω w (C), ϳ j (U); the symbols
                // ϱ p and ϲ c (U) are written as the ρ and σ they map to (UTS #46), which the table has
                0x03B1, 0x03B3, 0x03B7, 0x03B9, 0x03BA, 0x03BD, 0x03BF, 0x03C1, 0x03C3, 0x03C4, 0x03C5, 0x03C9, 0x03F3),
        ARMENIAN(Character.UnicodeScript.ARMENIAN, LOOKS_LATIN_ARMENIAN, Set.of("am"),
                // ա w, գ q, զ q, հ h, յ j (through ȷ, the dotless j), ո n, ռ n (U), ս u, ց g (U), ք f (U), օ o
                0x0561, 0x0563, 0x0566, 0x0570, 0x0575, 0x0578, 0x057C, 0x057D, 0x0581, 0x0584, 0x0585),
        GEORGIAN(Character.UnicodeScript.GEORGIAN, LOOKS_LATIN_GEORGIAN, Set.of("ge"),
                // ყ y, ჿ o (the labial sign)
                0x10E7, 0x10FF),
        // the capitals a domain holds (its small letters fold to them); no country nor top-level domain of its own
        CHEROKEE(Character.UnicodeScript.CHEROKEE, LOOKS_LATIN_CHEROKEE, Set.of(),
                // Ꭰ D, Ꭱ R, Ꭲ T, Ꭵ i, Ꭹ Y, Ꭺ A, Ꭻ J, Ꭼ E, Ꮃ W, Ꮇ M, Ꮋ H, Ꮍ Y, Ꮐ G, Ꮒ h
                0x13A0, 0x13A1, 0x13A2, 0x13A5, 0x13A9, 0x13AA, 0x13AB, 0x13AC, 0x13B3, 0x13B7, 0x13BB, 0x13BD, 0x13C0, 0x13C2,
                // Ꮓ Z, Ꮟ b, Ꮢ R, Ꮤ W, Ꮥ S, Ꮩ V, Ꮪ S, Ꮮ L, Ꮯ C, Ꮲ P, Ꮶ K, Ꮷ d, Ᏻ G, Ᏼ B
                0x13C3, 0x13CF, 0x13D2, 0x13D4, 0x13D5, 0x13D9, 0x13DA, 0x13DE, 0x13DF, 0x13E2, 0x13E6, 0x13E7, 0x13F3, 0x13F4);

        private final Character.UnicodeScript script;
        private final String reason;
        private final Set<String> countryTopLevels;
        private final int[] letters;

        LatinLookAlikes(final Character.UnicodeScript script, final String reason, final Set<String> countryTopLevels, final int... letters) {
            this.script = script;
            this.reason = reason;
            this.countryTopLevels = countryTopLevels;
            this.letters = letters;
        }

        /** The look-alikes of a script, or null for a script without any in the table. */
        static LatinLookAlikes of(final Character.UnicodeScript script) {
            return switch (script) {
                case CYRILLIC -> CYRILLIC;
                case GREEK -> GREEK;
                case ARMENIAN -> ARMENIAN;
                case GEORGIAN -> GEORGIAN;
                case CHEROKEE -> CHEROKEE;
                default -> null;
            };
        }

        /** The letters, in code point order (binary search): a copy, for the test that checks them. */
        int[] letters() {
            return letters.clone();
        }

        Character.UnicodeScript script() {
            return script;
        }

        String reason() {
            return reason;
        }

        boolean looksLatin(final int point) {
            return Arrays.binarySearch(letters, point) >= 0;
        }

        /** Whether a label of look-alikes is at home under the top-level domain: one of the script's countries, or in its letters. */
        boolean isAtHomeUnder(final String topLevel) {
            if (countryTopLevels.contains(topLevel)) {
                return true;
            }
            // an xn-- top-level domain, in an address whose other labels are written in letters, is read as its letters
            final String written = InternationalDomains.toUnicode(topLevel);
            if (written == null) {
                // an xn-- that encodes no label: the rule for xn-- labels says so once the name is decoded
                return true;
            }
            for (int i = 0; i < written.length(); i += Character.charCount(written.codePointAt(i))) {
                if (Character.UnicodeScript.of(written.codePointAt(i)) == script) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether the label's third and fourth characters (code points, as RFC 5891 counts them) are hyphens. */
    private static boolean hasHyphensInThirdAndFourthPlaces(final String label) {
        int third = 0;
        for (int place = 0; place < 2 && third < label.length(); place++) {
            third += Character.charCount(label.codePointAt(third));
        }
        return label.startsWith("--", third);
    }

    /** RFC 5892's rules (Appendix A) for the contextual character at {@code i}; true for any other character. */
    private static boolean isInContext(final String label, final int i) {
        final int point = label.codePointAt(i);
        final int before = i > 0 ? label.codePointBefore(i) : -1;
        final int next = i + Character.charCount(point);
        final int after = next < label.length() ? label.codePointAt(next) : -1;
        return switch (point) {
            case ZERO_WIDTH_JOINER, ZERO_WIDTH_NON_JOINER -> isJoinerInContext(label, i);
            case MIDDLE_DOT -> before == 'l' && after == 'l';
            case GREEK_KERAIA -> after >= 0 && Character.UnicodeScript.of(after) == Character.UnicodeScript.GREEK;
            case HEBREW_GERESH, HEBREW_GERSHAYIM -> before >= 0 && Character.UnicodeScript.of(before) == Character.UnicodeScript.HEBREW;
            case KATAKANA_MIDDLE_DOT -> hasJapanese(label);
            default -> true;
        };
    }

    /**
     * Whether the zero-width joiner or non-joiner at {@code i} stands where RFC 5892 (Appendix A.1, A.2) gives it a
     * meaning: either after a virama (Devanagari {@code क्‍ष}, a Malayalam chillu), or a non-joiner between a letter that
     * joins the next and one that joins the one before (Persian {@code می‌خواهم}). {@link TextRule} keeps a joiner in a
     * value by the same rule.
     */
    static boolean isJoinerInContext(final CharSequence text, final int i) {
        final char joiner = text.charAt(i);
        if (i > 0 && isVirama(Character.codePointBefore(text, i))) {
            return true;
        }
        return joiner == ZERO_WIDTH_NON_JOINER && isBetweenJoiningLetters(text, i);
    }

    private static boolean isVirama(final int point) {
        return Arrays.binarySearch(VIRAMAS, point) >= 0;
    }

    /**
     * Whether the non-joiner at {@code i} stands between a letter that joins the next and one that joins the one before,
     * marks between them aside (Persian {@code می‌خواهم}): RFC 5892's regular expression on Joining_Type.
     */
    private static boolean isBetweenJoiningLetters(final CharSequence text, final int i) {
        int before = i;
        int left = -1;
        while (before > 0) {
            left = Character.codePointBefore(text, before);
            before -= Character.charCount(left);
            if (!isTransparent(left)) {
                break;
            }
            left = -1;
        }
        int after = i + 1;
        int right = -1;
        while (after < text.length()) {
            right = Character.codePointAt(text, after);
            after += Character.charCount(right);
            if (!isTransparent(right)) {
                break;
            }
            right = -1;
        }
        return left >= 0 && right >= 0 && isJoiningLetter(left) && Arrays.binarySearch(RIGHT_JOINING, left) < 0 && isJoiningLetter(right);
    }

    private static boolean isTransparent(final int point) {
        final int type = Character.getType(point);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT;
    }

    /** A letter of a script whose letters join (Arabic, Syriac, N'Ko, Mongolian), the non-joining hamzas aside. */
    private static boolean isJoiningLetter(final int point) {
        if (!Character.isLetter(point) || Arrays.binarySearch(NON_JOINING, point) >= 0) {
            return false;
        }
        final Character.UnicodeScript script = Character.UnicodeScript.of(point);
        return script == Character.UnicodeScript.ARABIC || script == Character.UnicodeScript.SYRIAC || script == Character.UnicodeScript.NKO
                || script == Character.UnicodeScript.MONGOLIAN;
    }

    private static boolean hasJapanese(final String label) {
        for (int i = 0; i < label.length(); i += Character.charCount(label.codePointAt(i))) {
            final Character.UnicodeScript script = Character.UnicodeScript.of(label.codePointAt(i));
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HAN) {
                return true;
            }
        }
        return false;
    }

    /** Whether the label holds a right-to-left character or an Arabic digit, which make the name a Bidi domain name. */
    private static boolean hasRightToLeft(final String label) {
        for (int i = 0; i < label.length(); i += Character.charCount(label.codePointAt(i))) {
            final byte direction = Character.getDirectionality(label.codePointAt(i));
            if (direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
                    || direction == Character.DIRECTIONALITY_ARABIC_NUMBER) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5893's Bidi Rule, which every label of a Bidi domain name meets, an ASCII label too. */
    private static String bidiReason(final String name, final int start, final int end) {
        int labelStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || name.charAt(i) == '.') {
                if (!meetsBidiRule(name.substring(labelStart, i).codePoints().toArray())) {
                    return BIDI;
                }
                labelStart = i + 1;
            }
        }
        return null;
    }

    private static boolean meetsBidiRule(final int[] points) {
        final byte first = Character.getDirectionality(points[0]);
        final boolean rightToLeft = first == Character.DIRECTIONALITY_RIGHT_TO_LEFT || first == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
        if (!rightToLeft && first != Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
            // rule 1: a label starts with a letter of its direction, not a digit or a neutral
            return false;
        }
        boolean europeanNumber = false;
        boolean arabicNumber = false;
        byte last = first;
        for (final int point : points) {
            final byte direction = Character.getDirectionality(point);
            if (!(rightToLeft ? isRightToLeftLabelClass(direction) : isLeftToRightLabelClass(direction))) {
                // rules 2 and 5: no character of the other direction
                return false;
            }
            europeanNumber |= direction == Character.DIRECTIONALITY_EUROPEAN_NUMBER;
            arabicNumber |= direction == Character.DIRECTIONALITY_ARABIC_NUMBER;
            if (direction != Character.DIRECTIONALITY_NONSPACING_MARK) {
                last = direction;
            }
        }
        if (rightToLeft) {
            // rules 3 and 4: ends in a letter or digit of its own, and holds digits of one kind
            return (last == Character.DIRECTIONALITY_RIGHT_TO_LEFT || last == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
                    || last == Character.DIRECTIONALITY_EUROPEAN_NUMBER || last == Character.DIRECTIONALITY_ARABIC_NUMBER)
                    && !(europeanNumber && arabicNumber);
        }
        // rule 6
        return last == Character.DIRECTIONALITY_LEFT_TO_RIGHT || last == Character.DIRECTIONALITY_EUROPEAN_NUMBER;
    }

    private static boolean isRightToLeftLabelClass(final byte direction) {
        return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
                || direction == Character.DIRECTIONALITY_ARABIC_NUMBER || isSharedLabelClass(direction);
    }

    private static boolean isLeftToRightLabelClass(final byte direction) {
        return direction == Character.DIRECTIONALITY_LEFT_TO_RIGHT || isSharedLabelClass(direction);
    }

    /** The classes both directions' labels may hold: EN, ES, CS, ET, ON, BN, NSM. */
    private static boolean isSharedLabelClass(final byte direction) {
        return direction == Character.DIRECTIONALITY_EUROPEAN_NUMBER || direction == Character.DIRECTIONALITY_EUROPEAN_NUMBER_SEPARATOR
                || direction == Character.DIRECTIONALITY_COMMON_NUMBER_SEPARATOR || direction == Character.DIRECTIONALITY_EUROPEAN_NUMBER_TERMINATOR
                || direction == Character.DIRECTIONALITY_OTHER_NEUTRALS || direction == Character.DIRECTIONALITY_BOUNDARY_NEUTRAL
                || direction == Character.DIRECTIONALITY_NONSPACING_MARK;
    }
}

package dev.nificrm.clean;

import java.text.Normalizer;

/**
 * Maps a domain name written in Unicode letters to the form IDNA 2008 holds it in, as Unicode's UTS #46 (IDNA
 * Compatibility Processing, nontransitional, as browsers and ICU's {@code UTS46} apply it) maps it: compatibility
 * characters to their letters (NFKC: {@code ﬁ} is {@code fi}, a full-width letter its ASCII one), then each letter to its
 * case folding, then composed (NFC). Java's lower-casing writes another name where case folding differs from it:
 * <ul>
 * <li>Cherokee, whose small letters fold to its capitals, the only ones IDNA 2008 allows ({@code ꮳꮃꭹ} and {@code ᏣᎳᎩ}
 * are {@code ᏣᎳᎩ}; lower-casing made every Cherokee domain a name of letters IDNA 2008 disallows);</li>
 * <li>a capital sigma at a word's end is {@code σ}, not the final {@code ς} Java's lower-casing gives it there
 * ({@code ΑΣ} is {@code ασ}), while a {@code ς} and a {@code ß} written are kept, as nontransitional processing keeps
 * these deviation characters; the capital {@code ẞ} is {@code ss};</li>
 * <li>the letters whose case folding is another letter of their script: {@code ſ} {@code s}, {@code ϐ} {@code β},
 * {@code ϱ} {@code ρ}, the Cyrillic {@code ᲂ} {@code о}, a Greek iota subscript {@code ι}.</li>
 * </ul>
 * The dotless {@code ı} stays (it has no case folding), and the Turkish capital {@code İ} is {@code i}, as the email and
 * website rules have always written it (UTS #46 gives an {@code i} and a combining dot above, which the Turkish word
 * does not mean). A name mapped to itself is the same instance:
 * <pre>
 * DomainMapping.map("BÜCHER.de")  → "bücher.de"
 * DomainMapping.map("ꮳꮃꭹ.com")    → "ᏣᎳᎩ.com"
 * DomainMapping.map("ΑΣ.gr")      → "ασ.gr"
 * </pre>
 * MatchCRMRecord's email and website keys map domains so too, so that a cleaned and an uncleaned copy of an address key
 * alike.
 */
public final class DomainMapping {
    private static final char TURKISH_CAPITAL_I = '\u0130';
    private static final int DOTLESS_I = 0x0131;
    private static final int SHARP_S = 0x00DF;
    private static final int CAPITAL_SHARP_S = 0x1E9E;
    private static final int FINAL_SIGMA = 0x03C2;

    private DomainMapping() {
    }

    /** Whether the text from {@code start} holds a character beyond ASCII, which only {@link #map} writes as IDNA does. */
    public static boolean isBeyondAscii(final String text, final int start) {
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** The domain as UTS #46 maps it; the same instance when that is the domain itself. */
    public static String map(final String domain) {
        final String written = domain.indexOf(TURKISH_CAPITAL_I) < 0 ? domain : domain.replace(TURKISH_CAPITAL_I, 'i');
        final StringBuilder mapped = new StringBuilder(written.length() + 4);
        for (int i = 0; i < written.length(); i += Character.charCount(written.codePointAt(i))) {
            final int point = written.codePointAt(i);
            if (point < 0x80) {
                mapped.append(point >= 'A' && point <= 'Z' ? (char) (point + ('a' - 'A')) : (char) point);
            } else if (point == SHARP_S || point == FINAL_SIGMA) {
                // the deviation characters, which nontransitional processing keeps (IDNA 2008 allows them)
                mapped.appendCodePoint(point);
            } else {
                // the letter's compatibility decomposition (ϲ is ς, whose folding is σ: only a ς written is kept)
                final String decomposed = Normalizer.normalize(Character.toString(point), Normalizer.Form.NFKD);
                for (int j = 0; j < decomposed.length(); j += Character.charCount(decomposed.codePointAt(j))) {
                    appendFolded(mapped, decomposed.codePointAt(j));
                }
            }
        }
        final String result = Normalizer.normalize(mapped, Normalizer.Form.NFC);
        return result.equals(domain) ? domain : result;
    }

    /**
     * A code point's case folding: the lower case of its upper case, which is the folding of every letter but these: the
     * dotless ı, which has none; Cherokee's letters, which fold to its capitals; the capital ẞ, whose folding is ss.
     */
    private static void appendFolded(final StringBuilder mapped, final int point) {
        if (point == DOTLESS_I) {
            mapped.appendCodePoint(point);
        } else if (point == CAPITAL_SHARP_S) {
            mapped.append("ss");
        } else if (Character.UnicodeScript.of(point) == Character.UnicodeScript.CHEROKEE) {
            mapped.appendCodePoint(Character.toUpperCase(point));
        } else {
            mapped.appendCodePoint(Character.toLowerCase(Character.toUpperCase(point)));
        }
    }
}

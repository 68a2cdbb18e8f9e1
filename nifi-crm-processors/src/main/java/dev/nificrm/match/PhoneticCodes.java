package dev.nificrm.match;

import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commons Codec's primary Double Metaphone codes of name keys, and their transliteration skeletons
 * ({@link Transliterations}), each computed once while it is kept. One instance serves
 * a whole {@link Matcher}: its name comparators ask for both names of many scored pairs (a first name also against the
 * other record's last name, for a swap), its phonetic blocking passes for the names of every record (for the index, and
 * again for a store's candidates and under the rules it reads for a store), and they all ask for the same names, which
 * repeat (a few thousand first names cover most people). Keeps the codes of the first {@value #REMEMBERED_CODES} values
 * it meets, and as many skeletons (the common names come first: at the bound 24.8 MB for both, 248 bytes a name with its
 * own string, measured by {@code PhoneticCodesMemoryDriver}), and computes those of any further value each time: a code does
 * not depend on whether it was kept. The bound serves first and last names together: 400,000 generated people hold
 * 69,795 of them, 1,300,000 hold 108,325. Not static: the names it holds are personal data and go with the matcher.
 * Thread-safe: a matcher scores on several threads.
 */
final class PhoneticCodes {
    private static final int REMEMBERED_CODES = 100_000;

    private final DoubleMetaphone metaphone = new DoubleMetaphone();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    /** The transliteration skeletons, kept as the codes are; a name without one is kept as the empty skeleton. */
    private final Map<String, String> skeletons = new ConcurrentHashMap<>();

    /** {@link DoubleMetaphone#doubleMetaphone(String)} of the value (its primary code; null where Commons Codec gives none). */
    String code(final String value) {
        final String known = codes.get(value);
        if (known != null) {
            return known;
        }
        final String code = metaphone.doubleMetaphone(value);
        if (code != null && codes.size() < REMEMBERED_CODES) {
            codes.put(value, code);
        }
        return code;
    }

    /** {@link Transliterations#skeleton(String)} of the value (null where the value has none). */
    String skeleton(final String value) {
        final String known = skeletons.get(value);
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        final String skeleton = Transliterations.skeleton(value);
        if (skeletons.size() < REMEMBERED_CODES) {
            skeletons.put(value, skeleton == null ? "" : skeleton);
        }
        return skeleton;
    }
}

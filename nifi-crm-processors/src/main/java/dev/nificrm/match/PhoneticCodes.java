package dev.nificrm.match;

import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commons Codec's primary Double Metaphone codes of name keys, each computed once while it is kept: a matcher asks for
 * the code of a name in every phonetic blocking pass (for the index and again for a store's candidates) and for both
 * names of many scored pairs, and names repeat (a few thousand first names cover most people). Keeps the codes of up to
 * {@value #REMEMBERED_CODES} values (about 5 MB), and computes those of any further value as needed. Owned by one
 * matcher's comparator or blocking rule, so the names it holds go with the matcher. Thread-safe.
 */
final class PhoneticCodes {
    private static final int REMEMBERED_CODES = 50_000;

    private final DoubleMetaphone metaphone = new DoubleMetaphone();
    private final Map<String, String> codes = new ConcurrentHashMap<>();

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
}

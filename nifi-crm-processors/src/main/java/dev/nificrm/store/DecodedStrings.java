package dev.nificrm.store;

import java.nio.charset.StandardCharsets;

/**
 * The strings of one thread's recently decoded ASCII values, to give a value decoded again the string decoded before
 * instead of a new one. The scorer asks for a stored candidate's keys once per candidate pair, and the candidates of
 * one block share many values (a last name, a postal code, a city, a given name): many of a batch's decoded keys are
 * values decoded moments before. Per field (its position among the encoded keys) a table of {@value #SLOTS_PER_FIELD}
 * slots, each the last string decoded into it (by the value's hash), so that fields whose values never repeat (emails,
 * phones) cannot push out those that do; a value in a taken slot replaces it. A string is handed out only when its characters are the bytes
 * asked for, so an answer is always the value itself: which values are kept changes allocation, never a result.
 * Values holding a byte beyond ASCII are decoded as they are and not kept. Confined to its thread ({@link #forThread}):
 * nothing but immutable strings leaves it, and it holds at most {@value #SLOTS} short strings.
 */
final class DecodedStrings {
    private static final int SLOTS_PER_FIELD = 1024;
    /** Fields from the eighth on share the tables of the first seven (by their position modulo 8). */
    private static final int FIELDS = 8;
    private static final int SLOTS = SLOTS_PER_FIELD * FIELDS;
    /** Longer values are decoded as they are: they rarely repeat (notes, addresses) and would crowd out the short ones. */
    private static final int MAXIMUM_LENGTH = 64;
    private static final ThreadLocal<DecodedStrings> PER_THREAD = ThreadLocal.withInitial(DecodedStrings::new);

    private final String[] strings = new String[SLOTS];

    /** The calling thread's table. */
    static DecodedStrings forThread() {
        return PER_THREAD.get();
    }

    /**
     * The UTF-8 value in {@code bytes} from {@code from} up to {@code to}, the key at {@code position} among a member's
     * encoded keys: the string kept for it, or a new one.
     */
    String decode(final byte[] bytes, final int from, final int to, final int position) {
        final int length = to - from;
        if (length > MAXIMUM_LENGTH) {
            return new String(bytes, from, length, StandardCharsets.UTF_8);
        }
        int hash = length;
        for (int i = from; i < to; i++) {
            final byte b = bytes[i];
            if (b < 0) {
                return new String(bytes, from, length, StandardCharsets.UTF_8);
            }
            hash = 31 * hash + b;
        }
        final int slot = (position & FIELDS - 1) * SLOTS_PER_FIELD + ((hash ^ hash >>> 10) & SLOTS_PER_FIELD - 1);
        final String kept = strings[slot];
        if (kept != null && sameCharacters(kept, bytes, from, length)) {
            return kept;
        }
        final String decoded = new String(bytes, from, length, StandardCharsets.US_ASCII);
        strings[slot] = decoded;
        return decoded;
    }

    /** Whether {@code kept} (null for none) is the ASCII value of {@code length} bytes from {@code from}. */
    static boolean sameCharacters(final String kept, final byte[] bytes, final int from, final int length) {
        if (kept == null || kept.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (kept.charAt(i) != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }
}

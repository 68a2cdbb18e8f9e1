package dev.nificrm.match;

/**
 * A record's keys for one comparison with one partner record ({@link CandidateIndex#keys(int, String[], CandidateKeys)}):
 * one per field, as strings, except that a store's candidate in a single candidate pair leaves each value unequal to
 * the partner's where the store holds it, as bytes of the member's encoded keys ({@link KeySource#keys(CandidateKeys,
 * String[])}), not yet a string. Comparators that read characters compare such a value through a view over its bytes
 * ({@link FieldComparator#compareCharacters}: phones, birth dates, mailboxes, first and last names with their swap
 * partners, {@link #characters}); any other reader asks for the string
 * ({@link #value}, {@link #strings}), decoded then, so every answer is the one the strings give. Most stored candidates
 * are two people: their emails, phones and birth dates differ from the partner's, never repeat, and were a new string
 * each per pair.
 * <p>
 * One per scoring thread, reused from pair to pair: it holds no more than the keys of the pair being scored, and the
 * member's bytes only until the next pair. The pending values are told from the others by a bit per field, so records
 * of more than {@value #MOST_PENDING} fields have every value made into a string.
 */
public final class CandidateKeys {
    /** The fields whose values may be left as bytes: one bit each. */
    public static final int MOST_PENDING = Long.SIZE;

    /** Makes a string of one value of a member's encoded keys: the bytes from {@code from} up to {@code to}. */
    @FunctionalInterface
    public interface Decoder {
        String decode(byte[] bytes, int from, int to, int position);
    }

    private final String[] room;
    private final int[] from;
    private final int[] to;
    private final int[] position;
    /** Per field that may be left as bytes, a view over its value, made on first use and re-pointed from pair to pair. */
    private final AsciiView[] views;
    private String[] keys;
    private long pending;
    /** The pending fields whose bytes were looked at for {@link #plain}, and of them those found a single ASCII value. */
    private long looked;
    private long plain;
    private byte[] bytes;
    private Decoder decoder;

    /** Room for the keys of a record of {@code fields} fields. */
    public CandidateKeys(final int fields) {
        this.room = new String[fields];
        this.from = new int[fields];
        this.to = new int[fields];
        this.position = new int[fields];
        this.views = new AsciiView[Math.min(fields, MOST_PENDING)];
        this.keys = room;
    }

    /** The number of fields this room is for. */
    public int fields() {
        return room.length;
    }

    /** These keys are {@code strings} (null for none), every value a string already; the array is not copied. */
    public CandidateKeys set(final String[] strings) {
        keys = strings;
        pending = 0;
        looked = 0;
        plain = 0;
        bytes = null;
        decoder = null;
        return this;
    }

    /**
     * The room's own array, emptied, for a key source to write the keys into (and {@link #leave} values in): these keys
     * are that array from now on.
     */
    public String[] room(final byte[] encoded, final Decoder decoding) {
        java.util.Arrays.fill(room, null);
        keys = room;
        pending = 0;
        looked = 0;
        plain = 0;
        bytes = encoded;
        decoder = decoding;
        return room;
    }

    /**
     * Leaves the value of {@code field} as the bytes from {@code start} up to {@code end} of the array given to
     * {@link #room}, the key at {@code keyPosition} among the member's encoded keys; a field past {@value #MOST_PENDING}
     * is decoded at once.
     */
    public void leave(final int field, final int start, final int end, final int keyPosition) {
        if (field >= MOST_PENDING) {
            room[field] = decoder.decode(bytes, start, end, keyPosition);
            return;
        }
        from[field] = start;
        to[field] = end;
        position[field] = keyPosition;
        pending |= 1L << field;
    }

    /** Whether the value of {@code field} is still bytes (present, and unequal to the partner's). */
    public boolean isPending(final int field) {
        return (pending & 1L << field) != 0;
    }

    /** The value of {@code field}, null where missing: made into a string now if it was still bytes. */
    public String value(final int field) {
        decode(field);
        return keys[field];
    }

    /** Makes the value of {@code field} (-1: none) a string now if it was still bytes; these keys for chaining. */
    public CandidateKeys decode(final int field) {
        if (field >= 0 && isPending(field)) {
            room[field] = decoder.decode(bytes, from[field], to[field], position[field]);
            pending &= ~(1L << field);
        }
        return this;
    }

    /** Every value as a string (null where missing), the pending ones made now: the array, for readers of strings. */
    public String[] strings() {
        for (long left = pending; left != 0; left &= left - 1) {
            decode(Long.numberOfTrailingZeros(left));
        }
        return keys;
    }

    /**
     * The keys as they are: the pending values null in it. For a reader that has made the values it reads strings
     * ({@link #decode}) and reads no other.
     */
    String[] partly() {
        return keys;
    }

    /**
     * Whether the value of {@code field} is a single ASCII value, still bytes, and {@code partnerValue} is a single value:
     * the two differ (an ASCII value is left as bytes only where it is not the partner's), so no reader needs its string
     * to know. A value beyond ASCII is left as bytes also where it is the partner's (the store's check for the partner's
     * string compares ASCII alone): false, its string tells.
     */
    public boolean differsAlone(final int field, final String partnerValue) {
        return isPending(field) && partnerValue != null && partnerValue.indexOf(Comparison.VALUE_SEPARATOR) < 0 && plain(field);
    }

    /**
     * {@code comparator}'s level of {@code leftValue} and the pending value of {@code field}, read through a view over
     * its bytes, where the comparator reads characters and both are single ASCII values; else
     * {@link FieldComparator#BY_STRINGS}.
     */
    int compareCharacters(final FieldComparator comparator, final String leftValue, final int field) {
        if (!isPending(field) || leftValue.indexOf(Comparison.VALUE_SEPARATOR) >= 0 || !plain(field)) {
            return FieldComparator.BY_STRINGS;
        }
        return comparator.compareCharacters(leftValue, view(field));
    }

    /**
     * The value of {@code field}, null where missing: where it is a single ASCII value still bytes, a view over them (its
     * {@link CharSequence#toString} makes it a string here, as {@link #value} does, once), else its string (made now if it
     * was still bytes). Valid until the next pair; each field has a view of its own, so two fields' values can be read
     * side by side (a name and its swap partner).
     */
    CharSequence characters(final int field) {
        if (field >= MOST_PENDING || !isPending(field) || !plain(field)) {
            return value(field);
        }
        return view(field);
    }

    private AsciiView view(final int field) {
        AsciiView view = views[field];
        if (view == null) {
            view = new AsciiView(field);
            views[field] = view;
        }
        view.of(bytes, from[field], to[field]);
        return view;
    }

    /**
     * Whether the pending value of {@code field} is a single ASCII value (no value separator, no byte beyond ASCII): its
     * bytes looked at once per pair, on the first question, however often the comparisons ask (a name and its swap
     * partner are read several times).
     */
    private boolean plain(final int field) {
        final long bit = 1L << field;
        if ((looked & bit) == 0) {
            looked |= bit;
            if (singleAscii(field)) {
                plain |= bit;
            }
        }
        return (plain & bit) != 0;
    }

    private boolean singleAscii(final int field) {
        for (int i = from[field]; i < to[field]; i++) {
            final byte b = bytes[i];
            if (b < 0 || b == Comparison.VALUE_SEPARATOR) {
                return false;
            }
        }
        return true;
    }

    /**
     * A field's ASCII bytes read as characters, re-pointed from pair to pair; valid until the next one. Its string is the
     * field's ({@link #value}: made once, through the key source's decoder).
     */
    private final class AsciiView implements CharSequence {
        private final int field;
        private byte[] bytes;
        private int start;
        private int length;

        AsciiView(final int field) {
            this.field = field;
        }

        void of(final byte[] array, final int from, final int to) {
            bytes = array;
            start = from;
            length = to - from;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(final int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) bytes[start + index];
        }

        /** The characters from {@code begin} up to {@code end} as a string of their own (an email's domain). */
        @Override
        public CharSequence subSequence(final int begin, final int end) {
            java.util.Objects.checkFromToIndex(begin, end, length);
            return new String(bytes, start + begin, end - begin, java.nio.charset.StandardCharsets.US_ASCII);
        }

        /** The field's string ({@link #value}): the same characters. */
        @Override
        public String toString() {
            return value(field);
        }
    }
}

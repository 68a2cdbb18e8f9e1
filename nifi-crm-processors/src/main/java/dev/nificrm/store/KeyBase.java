package dev.nificrm.store;

import java.nio.ByteBuffer;
import java.sql.SQLException;

/**
 * The key index as of one row of the key log, kept in {@code crm_key_base} when the log is compacted: what the rows up
 * to that one add up to, so that they can go. Stored in parts of at most {@value #PART_BYTES} bytes (one row each), every
 * part a format number and then whole keys: the hash, its count, the number of members listed (-1 for a block over the
 * listed size, or a counted key, that lists none) and the members' numbers in the order they joined. A key no record
 * carries any more (count 0, nobody listed) is left out: that is what compacting drops besides the rows.
 */
final class KeyBase {
    static final int FORMAT = 1;
    /** The largest part: well within what SQLite and PostgreSQL keep in one value, and what a writer holds in memory. */
    static final int PART_BYTES = 8 << 20;
    private static final int KEY_BYTES = Long.BYTES + Integer.BYTES + Integer.BYTES;

    private KeyBase() {
    }

    /** Where the parts go as they fill. */
    @FunctionalInterface
    interface PartSink {
        /**
         * Takes a part: the first {@code length} bytes of {@code bytes}. The array is the writer's again once this returns
         * (it fills it with the next part), so the sink sends or copies the bytes before then.
         */
        void part(int number, byte[] bytes, int length) throws SQLException;
    }

    /**
     * Collects keys into parts, handing each one full to the sink, and the last at {@link #finish}. One buffer of a part's
     * size, taken at the first key, holds every part in turn: a buffer and a copy per part, a buffer after the last and the
     * JDBC driver's copy of each made a compaction of 692,170 keys (13.5 MB in two parts) allocate 41 MB more.
     */
    static final class Writer implements KeyIndex.KeyVisitor<SQLException> {
        private final PartSink sink;
        private final int partBytes;
        /** The part being filled; null until the first key, and after a part that outgrew the size (the next takes a new one). */
        private ByteBuffer buffer;
        private int parts;
        private long bytes;
        private long keys;

        Writer(final PartSink sink) {
            this(sink, PART_BYTES);
        }

        Writer(final PartSink sink, final int partBytes) {
            this.sink = sink;
            this.partBytes = partBytes;
        }

        @Override
        public void key(final long hash, final int count, final int[] members, final int listed) throws SQLException {
            final int needed = KEY_BYTES + Integer.BYTES * Math.max(0, listed);
            if (buffer == null) {
                buffer = ByteBuffer.allocate(partBytes).putInt(FORMAT);
            } else if (buffer.position() > Integer.BYTES && buffer.remaining() < needed) {
                flush();
            }
            if (buffer.remaining() < needed) {
                // one block's list (at most the listed size) outgrows only a tiny part
                final ByteBuffer larger = ByteBuffer.allocate(Integer.BYTES + needed);
                larger.put(buffer.flip());
                buffer = larger;
            }
            buffer.putLong(hash).putInt(count).putInt(listed);
            for (int i = 0; i < listed; i++) {
                buffer.putInt(members[i]);
            }
            keys++;
        }

        /** Hands the last part to the sink (an index without keys makes one part of the format alone); returns the number of parts. */
        int finish() throws SQLException {
            if (buffer == null && parts == 0) {
                buffer = ByteBuffer.allocate(Integer.BYTES).putInt(FORMAT);
            }
            if (buffer != null && (buffer.position() > Integer.BYTES || parts == 0)) {
                flush();
            }
            buffer = null;
            return parts;
        }

        long bytes() {
            return bytes;
        }

        long keys() {
            return keys;
        }

        private void flush() throws SQLException {
            final int length = buffer.position();
            sink.part(parts++, buffer.array(), length);
            bytes += length;
            if (buffer.capacity() == partBytes) {
                buffer.clear().putInt(FORMAT);
            } else {
                buffer = null;
            }
        }
    }

    /** Puts the keys of one part into an index being built. */
    static void read(final byte[] entries, final KeyIndex index) {
        read(entries, (KeyIndex.KeyVisitor<RuntimeException>) index::putBase);
    }

    /** Hands the keys of one part to a visitor, in the order they were written. */
    static <E extends Exception> void read(final byte[] entries, final KeyIndex.KeyVisitor<E> visitor) throws E {
        final ByteBuffer buffer = ByteBuffer.wrap(entries);
        final int format = buffer.getInt();
        if (format != FORMAT) {
            throw new EntityStoreException("The key log's base holds keys in format " + format + ", which this version of nifi-crm does not know");
        }
        int[] members = new int[EntityStore.MAXIMUM_LISTED_BLOCK];
        while (buffer.hasRemaining()) {
            final long hash = buffer.getLong();
            final int count = buffer.getInt();
            final int listed = buffer.getInt();
            if (listed > members.length) {
                members = new int[listed];
            }
            for (int i = 0; i < listed; i++) {
                members[i] = buffer.getInt();
            }
            visitor.key(hash, count, members, listed);
        }
    }
}

package dev.nificrm.store;

/**
 * What {@link EntityStore#compactKeyLog} did: whether it compacted the key log and, if so, up to which row, how many rows
 * it removed, what they took and what the base that replaced them takes.
 *
 * @param compacted   whether the log was compacted (false: it was not due, or held nothing to compact)
 * @param throughSeq  the log row the base holds the keys up to
 * @param rowsRemoved the rows removed
 * @param logBytes    the bytes of the log's rows after the previous base (those that were compacted, when compacted)
 * @param baseBytes   the bytes of the new base
 * @param keys        the keys in the new base
 * @param nanos       the time taken
 */
public record KeyLogCompaction(boolean compacted, long throughSeq, long rowsRemoved, long logBytes, long baseBytes, long keys, long nanos) {

    static KeyLogCompaction notDone(final long throughSeq, final long logBytes) {
        return new KeyLogCompaction(false, throughSeq, 0, logBytes, 0, 0, 0);
    }
}

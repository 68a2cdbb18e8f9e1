package dev.nificrm.record;

/**
 * Thrown where a RecordPath selects nothing in a record because of how it is written, not because the record lacks the
 * value: a predicate right after a field holding a list ({@code /contacts[./type = 'work']/mail} tests the list, not its
 * elements). The message names the path, why it selects nothing and how to write it, never a value of the record, so it
 * goes into a record's reason or {@code record.error.message} as it is:
 * <pre>
 * /contacts[./type = 'work']/mail selects nothing: a predicate right after /contacts tests the list it holds as a whole
 * and selects nothing; write /contacts[*][./type = 'work']/mail
 * </pre>
 * An IllegalArgumentException, as the processors' other reasons for a record they cannot read as configured are.
 */
public final class UnselectablePathException extends IllegalArgumentException {
    UnselectablePathException(final String message) {
        super(message);
    }
}

package dev.nificrm.clean;

/** What happens to a value a rule rejects. In every case the reason is recorded in the record's errors field. */
public enum InvalidValuePolicy {
    /** The value is kept as it was and the record is marked invalid (the processor routes it to {@code invalid}). */
    ROUTE_TO_INVALID,
    /** The value is replaced by {@code null}; the record is not marked invalid. */
    SET_TO_NULL,
    /** The value is kept as it was; the record is not marked invalid. */
    KEEP_VALUE
}

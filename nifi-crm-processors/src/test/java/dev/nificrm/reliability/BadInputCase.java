package dev.nificrm.reliability;

import java.util.List;

/**
 * One kind of hostile input of the catalogue: the content, how many customer records it holds, what must happen to it,
 * and the values in it that no log line or attribute may repeat.
 *
 * @param name        what the case is, e.g. {@code CSV header naming a column twice}
 * @param format      the content's format (its reader and writer)
 * @param content     the bytes of the FlowFile
 * @param records     the customer records the content holds
 * @param expectation what must happen to the FlowFile
 * @param secrets     values of the content (personal data) that must never appear in a log line or an attribute
 * @param failureSays a phrase the failure reason must hold when the FlowFile fails, or null
 */
record BadInputCase(String name, RecordFormat format, byte[] content, long records, Expectation expectation, List<String> secrets,
                    String failureSays) {

    /** What must happen to a case's FlowFile in every processor. */
    enum Expectation {
        /** Every record comes out (on success, invalid, matched... but not failure). */
        RECORDS,
        /** The FlowFile goes to failure untouched, with a reason. */
        FAILURE,
        /** NiFi's reader decides whether the content is readable: every record comes out, or the FlowFile fails untouched. */
        RECORDS_OR_FAILURE
    }

    @Override
    public String toString() {
        return format + ": " + name;
    }
}

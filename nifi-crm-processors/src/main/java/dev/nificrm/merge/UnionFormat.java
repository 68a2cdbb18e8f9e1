package dev.nificrm.merge;

/**
 * How the {@code union} rule writes the distinct values it gathers: as an array, or as one text joined by a
 * delimiter (e.g. {@code ;}, as Salesforce and HubSpot multi-value fields take them). With a delimiter, values that
 * already hold it ({@code a@x.com;b@y.com} from an earlier merge) are split first, so merging again adds nothing twice.
 *
 * @param array     whether the values are written as an array
 * @param delimiter the delimiter of the joined text (unused for an array)
 */
public record UnionFormat(boolean array, String delimiter) {
    /** An array of the distinct values. */
    public static final UnionFormat ARRAY = new UnionFormat(true, null);

    public UnionFormat {
        if (!array && (delimiter == null || delimiter.isEmpty())) {
            throw new IllegalArgumentException("A delimited union needs a delimiter");
        }
    }

    /** The values joined by the delimiter. */
    public static UnionFormat delimited(final String delimiter) {
        return new UnionFormat(false, delimiter);
    }
}

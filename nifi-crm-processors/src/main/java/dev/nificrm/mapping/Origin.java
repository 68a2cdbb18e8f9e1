package dev.nificrm.mapping;

import org.apache.nifi.serialization.record.Record;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which of the paths a field reads gave a record's value, and the text it read there, so that a reason names the record's field that
 * gave the value (of a coalesce: {@code /Industry}, not {@code /industrycode, /Industry}) and a note the source's own text of a
 * value a map translated. Asked only when a reason or note is written: it reads the record's paths again, never per record else.
 * Decided once, when the field is compiled; immutable and thread-safe.
 */
final class Origin {
    /** What an origin tells of a record: the path that gave the value (an index of {@link #names()}, -1 for none), and its text or null. */
    record Given(int path, String text) {
        static final Given NONE = new Given(-1, null);
    }

    @FunctionalInterface
    private interface Finder {
        Given find(Record record) throws ValueMappingException;
    }

    private final List<String> names;
    private final Finder finder;

    private Origin(final List<String> names, final Finder finder) {
        this.names = List.copyOf(names);
        this.finder = finder;
    }

    /** A path read as it is: named as the description says, its value's text told. */
    static Origin path(final String name, final ValueReader reader) {
        return new Origin(List.of(name), record -> {
            final Object value = reader.read(record, new ArrayList<>(0));
            return ValueSources.isEmpty(value) ? Given.NONE : new Given(0, ValueType.toText(value).trim());
        });
    }

    /** Paths that give a value together (a concat, a piece of a split): named as one, no text told. */
    static Origin whole(final String name) {
        return new Origin(List.of(name), record -> Given.NONE);
    }

    /** The first of several origins that gives a value (a coalesce's paths, each perhaps a canonical field of several). */
    static Origin first(final List<Origin> origins) {
        final List<String> names = new ArrayList<>();
        origins.forEach(origin -> names.addAll(origin.names));
        final Origin[] all = origins.toArray(new Origin[0]);
        return new Origin(names, record -> {
            int offset = 0;
            for (final Origin origin : all) {
                final Given given = origin.finder.find(record);
                if (given.path() >= 0) {
                    return new Given(offset + given.path(), given.text());
                }
                offset += origin.names.size();
            }
            return Given.NONE;
        });
    }

    /**
     * This origin read through a map (a canonical field's): the same paths, its text told only where the map lists it (a value of the
     * source's picklist, not anything a person typed).
     */
    Origin listedBy(final Predicate<String> lists) {
        return new Origin(names, record -> {
            final Given given = finder.find(record);
            return given.text() == null || lists.test(given.text()) ? given : new Given(given.path(), null);
        });
    }

    /** The names of the paths, in the order they are tried. */
    List<String> names() {
        return names;
    }

    /** Which path gave the record's value and its text; {@link Given#NONE} where none did, or a path cannot be read. */
    Given of(final Record record) {
        try {
            return finder.find(record);
        } catch (final ValueMappingException e) {
            return Given.NONE;
        }
    }
}

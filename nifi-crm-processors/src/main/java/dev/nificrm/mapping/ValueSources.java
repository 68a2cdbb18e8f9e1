package dev.nificrm.mapping;

import java.util.List;
import java.util.Locale;

/** The ways a target field's raw value is produced from a source record, each a {@link ValueReader}. */
final class ValueSources {
    private ValueSources() {
    }

    /** A fixed value. */
    static ValueReader constant(final Object value) {
        return (record, notes) -> value;
    }

    /** The first of several values that is not empty. */
    static ValueReader coalesce(final List<ValueReader> readers) {
        final ValueReader[] all = readers.toArray(new ValueReader[0]);
        return (record, notes) -> {
            for (final ValueReader reader : all) {
                final Object value = reader.read(record, notes);
                if (!isEmpty(value)) {
                    return value;
                }
            }
            return null;
        };
    }

    /** Several values as text joined with a separator; empty values are skipped, all empty gives null. */
    static ValueReader concat(final List<ValueReader> readers, final String separator) {
        final ValueReader[] all = readers.toArray(new ValueReader[0]);
        return (record, notes) -> {
            StringBuilder joined = null;
            for (final ValueReader reader : all) {
                final Object value = reader.read(record, notes);
                if (isEmpty(value)) {
                    continue;
                }
                if (joined == null) {
                    joined = new StringBuilder();
                } else {
                    joined.append(separator);
                }
                joined.append(ValueType.toText(value).trim());
            }
            return joined == null ? null : joined.toString();
        };
    }

    /**
     * One part of a person name held in one field; with a country reader (null: none), the country says how the name ends in
     * family names ({@link PersonName.Naming#of}: two in a Spanish-speaking country, the last one in a Portuguese-speaking one).
     */
    static ValueReader personNamePart(final ValueReader reader, final PersonName.Part part, final ValueReader country) {
        return (record, notes) -> {
            final Object value = reader.read(record, notes);
            if (isEmpty(value)) {
                return null;
            }
            final Object countryValue = country == null ? null : country.read(record, notes);
            final PersonName.Naming naming = isEmpty(countryValue) ? PersonName.Naming.ONE_FAMILY_NAME
                    : PersonName.Naming.of(ValueType.toText(countryValue));
            return PersonName.parse(ValueType.toText(value), naming).part(part);
        };
    }

    /**
     * One piece of a value cut at a separator (a line break for street lines): piece {@code index} (0-based), or with
     * {@code rest} that piece and all following ones joined with ", ". Empty pieces are skipped.
     */
    /**
     * The domain of a website ({@code https://www.Example.com:8080/about} is {@code example.com}): the host, in lower case, without a
     * leading {@code www.}; null when the value names no host with a dot in it ({@code n/a}, {@code localhost}), never an error.
     */
    static ValueReader domain(final ValueReader reader) {
        return (record, notes) -> {
            final Object value = reader.read(record, notes);
            return isEmpty(value) ? null : domainOf(ValueType.toText(value).trim());
        };
    }

    static String domainOf(final String website) {
        final int scheme = website.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = website.length();
        for (int i = start; i < website.length(); i++) {
            final char character = website.charAt(i);
            if (character == '/' || character == '?' || character == '#') {
                end = i;
                break;
            }
        }
        final int userInfo = website.lastIndexOf('@', end - 1);
        if (userInfo >= start) {
            start = userInfo + 1;
        }
        final int port = website.indexOf(':', start);
        if (port >= 0 && port < end) {
            end = port;
        }
        String host = website.substring(start, end).toLowerCase(Locale.ROOT);
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        final boolean named = host.indexOf('.') > 0 && host.chars().noneMatch(character -> Character.isWhitespace(character) || character == ',');
        return named ? host : null;
    }

    static ValueReader piece(final ValueReader reader, final String separator, final int index, final boolean rest) {
        final boolean lines = separator == null;
        return (record, notes) -> {
            final Object value = reader.read(record, notes);
            if (isEmpty(value)) {
                return null;
            }
            final String text = ValueType.toText(value);
            StringBuilder joined = null;
            int position = 0;
            int found = 0;
            while (position <= text.length()) {
                int end = lines ? lineEnd(text, position) : text.indexOf(separator, position);
                if (end < 0) {
                    end = text.length();
                }
                final String piece = text.substring(position, end).trim();
                position = end + (lines ? lineBreakLength(text, end) : separator.length());
                if (piece.isEmpty()) {
                    if (end >= text.length()) {
                        break;
                    }
                    continue;
                }
                if (found == index && !rest) {
                    return piece;
                }
                if (found >= index) {
                    joined = joined == null ? new StringBuilder(piece) : joined.append(", ").append(piece);
                }
                found++;
                if (end >= text.length()) {
                    break;
                }
            }
            return joined == null ? null : joined.toString();
        };
    }

    static boolean isEmpty(final Object value) {
        return value == null || value instanceof String text && text.isBlank();
    }

    private static int lineEnd(final String text, final int from) {
        for (int i = from; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static int lineBreakLength(final String text, final int at) {
        if (at >= text.length()) {
            return 1;
        }
        return text.charAt(at) == '\r' && at + 1 < text.length() && text.charAt(at + 1) == '\n' ? 2 : 1;
    }

    /** Evaluates a compiled field, so a canonical field can be the source of a target field. */
    static ValueReader of(final FieldMapping mapping) {
        return mapping::evaluate;
    }

}

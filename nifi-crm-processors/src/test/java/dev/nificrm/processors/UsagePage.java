package dev.nificrm.processors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a component's usage page (its additionalDetails.md) says about properties, read the way the bundle's pages
 * write it, without NiFi:
 * <ul>
 *     <li>tables whose first header cell is {@code Property} present properties: the first cell of a row names one or
 *     more ({@code Record Reader / Record Writer}, {@code Timestamp Tolerance (signing schemes)}), and a {@code Default}
 *     column states their defaults (an empty cell: none; {@code true / `crm_lineage`} one each), or, in a table
 *     without one, an item such as {@code Drop (`drop`, default)} or {@code default `crm_errors`};</li>
 *     <li>a Title Case name in bold, italics or backticks directly followed by {@code (default ...)},
 *     {@code , default ...} or {@code — default ...} is presented as a property of this component:
 *     {@code **Store Directory** — default `./state`}. Tables of fields ({@code | Field |}) and dynamic properties
 *     (lower-case role or rule names, {@code `phone` = `/Phone`}) are never written so;</li>
 *     <li>prose states the default of a known property, marked or not, in those forms and as
 *     {@code *Errors Field* (`crm_errors` by default)} or {@code *Key Log Compaction* **At Every Erasure** (the default)};
 *     a name preceded by {@code Something's} is that component's ({@code PostgreSQLEntityStore's Key Index Catch-Up
 *     Interval, 1 min by default}). A name only stated "by default" is not taken to be a property: it may be another
 *     processor's or NiFi's own setting (its <i>Yield Duration</i>, 1 sec by default).</li>
 * </ul>
 */
final class UsagePage {
    /**
     * A property the page names (of the owner component), the default it states for it or null when it states none,
     * and whether the page presents it as a property (rather than only stating a default for a name known to be one).
     */
    record Statement(String owner, String property, String statedDefault, boolean presentsProperty, String context) {
        boolean statesDefault() {
            return statedDefault != null;
        }
    }

    private static final String POSSESSIVE = "(?:([A-Z][A-Za-z0-9]*)'s\\s+)?";
    private static final String MARK = "(?:\\*\\*|\\*|`)";
    private static final String VALUE = "(`[^`]*`|[^,;:()|]+?)";
    private static final String DEFAULT_AFTER = "\\s*(?:\\(|,|—|–)\\s*default:?\\s+" + VALUE + "\\s*(?=[,;:)|]|\\s\\(|$)";
    private static final String BY_DEFAULT = "\\s*(?:\\(|,)\\s*" + VALUE + "\\s+by default";
    private static final String VALUE_THE_DEFAULT = "\\s*(?:=\\s*)?(\\*\\*|\\*|`)([^*`|]+)\\2\\s*\\((?:the |its )?default[),]";
    /** A name in bold, italics or backticks followed by "(default ...)": the page presents it as a property. */
    private static final Pattern MARKED_NAME_WITH_DEFAULT = Pattern.compile(POSSESSIVE + "(\\*\\*|\\*|`)([A-Z][^*`|]{0,60}?)\\2" + DEFAULT_AFTER);
    private static final Pattern KEY_DEFAULT_ITEM = Pattern.compile("\\(`([^`]+)`,\\s*default\\)");
    private static final Pattern DEFAULT_ITEM = Pattern.compile("(?:^|\\s)default\\s+`([^`]*)`");
    private static final String PAIRED = "\\s+/\\s+";
    private static final Pattern QUALIFIER = Pattern.compile("\\s*\\([^)]*\\)$");
    private static final Pattern SEPARATOR_ROW = Pattern.compile("\\|(\\s*:?-+:?\\s*\\|)+");

    private final String owner;
    private final String text;
    private final String prose;

    UsagePage(final String owner, final String markdown) {
        this.owner = owner;
        this.text = markdown;
        this.prose = markdown.replaceAll("\\s+", " ");
    }

    /** Whether the page holds the phrase as words of their own (not inside a longer word), exactly as written. */
    boolean mentions(final String phrase) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(phrase) + "(?![\\p{L}\\p{N}])").matcher(text).find();
    }

    /** Whether the page holds a word starting with the text ({@code crm.progress.outcome.} in {@code crm.progress.outcome.written.count}). */
    boolean mentionsAWordStartingWith(final String start) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(start)).matcher(text).find();
    }

    /**
     * Whether the page names the relationship as one: in backticks or bold, as a whole table cell, or on an arrow of a
     * flow diagram ({@code ──summary──▶}, {@code │invalid}). A bare word in prose ("a failure of the query") is no
     * mention of a relationship.
     */
    boolean namesRelationship(final String relationship) {
        final String name = Pattern.quote(relationship);
        return Pattern.compile("`" + name + "`|\\*\\*" + name + "\\*\\*|\\|\\s*" + name + "\\s*\\||[─│└├┌]" + name + "(?![\\p{L}\\p{N}-])")
                .matcher(text).find();
    }

    /**
     * Every property the page presents and every default it states, in tables first: the properties of its tables, the
     * names it marks and gives a default, and the defaults it states in prose for any of the given property names,
     * marked or not ({@code PostgreSQLEntityStore's Key Index Catch-Up Interval, 1 min by default}).
     */
    List<Statement> statements(final Collection<String> propertyNames) {
        final List<Statement> statements = new ArrayList<>(tableStatements());
        final Matcher marked = MARKED_NAME_WITH_DEFAULT.matcher(prose);
        while (marked.find()) {
            if (marked.group(1) == null) {
                statements.add(new Statement(owner, marked.group(3).strip(), null, true, marked.group()));
            }
        }
        for (final String name : propertyNames) {
            if (!prose.contains(name)) {
                continue;
            }
            final String namePattern = "(?<![\\p{L}\\p{N}])" + POSSESSIVE + MARK + "?" + Pattern.quote(name) + MARK + "?";
            collectDefaults(name, Pattern.compile(namePattern + DEFAULT_AFTER), 2, propertyNames, statements);
            collectDefaults(name, Pattern.compile(namePattern + BY_DEFAULT), 2, propertyNames, statements);
            collectDefaults(name, Pattern.compile(namePattern + VALUE_THE_DEFAULT), 3, propertyNames, statements);
        }
        return statements;
    }

    private void collectDefaults(final String name, final Pattern pattern, final int valueGroup, final Collection<String> propertyNames,
                                 final List<Statement> statements) {
        final Matcher matcher = pattern.matcher(prose);
        while (matcher.find()) {
            if (!partOfALongerName(name, matcher.start(), propertyNames)) {
                final String possessive = matcher.group(1);
                statements.add(new Statement(possessive == null ? owner : possessive, name, unquote(matcher.group(valueGroup)), false, matcher.group()));
            }
        }
    }

    /** Whether the name found at this place ends a longer property name written there ("Secret" in "Previous Secret"). */
    private boolean partOfALongerName(final String name, final int start, final Collection<String> propertyNames) {
        for (final String longer : propertyNames) {
            final int longerStart = start - (longer.length() - name.length());
            if (longer.length() > name.length() && longer.endsWith(name) && longerStart >= 0 && prose.startsWith(longer, longerStart)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The properties the page's property tables present (a {@code | Property |} table's rows), each with the default its row states,
     * or null where the row states none; empty when the page has no property table.
     */
    Map<String, String> tableProperties() {
        final Map<String, String> properties = new LinkedHashMap<>();
        for (final Statement statement : tableStatements()) {
            properties.putIfAbsent(statement.property(), statement.statedDefault());
        }
        return properties;
    }

    private List<Statement> tableStatements() {
        final List<Statement> statements = new ArrayList<>();
        final String[] lines = text.split("\n");
        for (int header = 0; header + 1 < lines.length; header++) {
            if (!lines[header].startsWith("|") || !SEPARATOR_ROW.matcher(lines[header + 1].strip()).matches()) {
                continue;
            }
            final List<String> headers = cells(lines[header]);
            if (!headers.get(0).equals("Property")) {
                continue;
            }
            final int defaultColumn = headers.indexOf("Default");
            for (int row = header + 2; row < lines.length && lines[row].startsWith("|"); row++) {
                final List<String> cells = cells(lines[row]);
                final String statedDefault = defaultColumn >= 0 && defaultColumn < cells.size()
                        ? cells.get(defaultColumn) : inlineDefault(cells);
                final String[] names = QUALIFIER.matcher(cells.get(0)).replaceAll("").split(PAIRED);
                // "Include Lineage / Lineage Field | true / `crm_lineage`": one default each, in the order of the names
                final String[] defaults = statedDefault == null ? null : statedDefault.split(PAIRED);
                for (int name = 0; name < names.length; name++) {
                    final String nameDefault = defaults == null ? null
                            : defaults.length == names.length ? defaults[name] : statedDefault;
                    statements.add(new Statement(owner, unquote(names[name]), nameDefault == null ? null : unquote(nameDefault), true, lines[row]));
                }
            }
        }
        return statements;
    }

    /** In a table without a Default column: the value marked default in the row ({@code Drop (`drop`, default)}), or null. */
    private static String inlineDefault(final List<String> cells) {
        for (final String cell : cells.subList(1, cells.size())) {
            final Matcher key = KEY_DEFAULT_ITEM.matcher(cell);
            if (key.find()) {
                return key.group(1);
            }
            final Matcher value = DEFAULT_ITEM.matcher(cell);
            if (value.find()) {
                return value.group(1);
            }
        }
        return null;
    }

    private static List<String> cells(final String line) {
        final String inner = line.strip().replaceAll("^\\|", "").replaceAll("\\|$", "");
        final List<String> cells = new ArrayList<>();
        for (final String cell : inner.split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    /** The value without the backticks, asterisks or quotes around it. */
    private static String unquote(final String value) {
        String unquoted = value.strip();
        while (unquoted.length() >= 2 && "`*\"".indexOf(unquoted.charAt(0)) >= 0 && unquoted.charAt(unquoted.length() - 1) == unquoted.charAt(0)) {
            unquoted = unquoted.substring(1, unquoted.length() - 1).strip();
        }
        return unquoted;
    }
}

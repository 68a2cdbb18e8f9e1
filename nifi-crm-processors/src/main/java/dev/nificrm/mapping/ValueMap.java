package dev.nificrm.mapping;

import dev.nificrm.roles.HtmlEntities;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A picklist translation: known values are replaced, values listed to drop leave the field empty, unknown ones follow an
 * {@link UnmappedValuePolicy}. Values are compared as text (trimmed), optionally regardless of case; a value with HTML entities that
 * no row names as written, as the characters they stand for.
 */
final class ValueMap {
    /** Returned for an unknown value under the {@code default} policy: the caller writes the field's default. */
    static final Object USE_DEFAULT = new Object();
    /**
     * Returned for a value no row knows that is an option an organisation added to the target's option set: the caller keeps it and
     * notes it, or refuses it under the {@code invalid} policy ({@link #refusesOwnOptions()}).
     */
    static final Object OWN_OPTION = new Object();

    private final Map<String, String> entries;
    private final Map<String, Lossy> lossy;
    private final Map<String, Nearest> nearest;
    private final Map<String, Dropped> drops;
    private final String dropReason;
    private final Dropped unmappedDropped = new Dropped(null, null, null);
    private final boolean ignoreCase;
    private final UnmappedValuePolicy policy;
    private final String targetCrm;
    private final int options;
    private final long ownOptionsFrom;
    private final Map<String, String> noOption;
    /** Per value noOption names (keyed as it is): the default written for it, with why, under {@code default}. */
    private final Map<String, NoOption> noOptionDefaults;
    /** Per value noOption names (keyed as it is): the field left empty for it, with why, under {@code drop}. */
    private final Map<String, Dropped> noOptionDrops;
    /** The rows (as keyed) by their code's words but {@code and} ({@link #otherWords}), where no two rows of other values share them. */
    private final Map<String, String> rowsByWords;
    /** The values noOption names (as keyed) by their code's words but {@code and}, where no two of other reasons share them. */
    private final Map<String, String> noOptionByWords;

    /**
     * @param entries    source value → target value
     * @param drops      source values that leave the field empty, as the specification lists them → what the target would have
     *                   written for it, had it not refused it from this load (the dropReason's), or null when it has no equivalent
     * @param dropReason why the target takes none of them, or null when it has no equivalent of them
     * @param ignoreCase whether keys match regardless of case
     * @param policy     what an unknown value does
     * @param targetCrm  the CRM whose preset the map belongs to (its values are all the options the CRM takes), or null for an operator's map
     * @param lossy      keys of entries whose target value is broader or partial → what it loses; every one is a key of entries
     * @param ownOptionsFrom the least option number an organisation adds to the target's option set (a Dataverse option set's
     *                   100000000), or 0 when the target has no such numbers
     * @param nearest    whether the entries write the nearest of the target's values where it has none of the same meaning: an entry
     *                   whose value has another meaning than its key (plastics → Manufacturing) is then an approximation
     * @param readBack   gives the canonical code the target preset reads a written value back as ({@code 3} → {@code customer}), or
     *                   null for a value it does not read (an operator's map): such a value has its key's meaning when it spells the
     *                   key's words
     * @param noOption   values the target has no option near, none a key of entries → why, said in the reason of a record refused for
     *                   one (keyed as entries are; a value in words is looked up as the code it spells too)
     * @param sameMeaning keys of entries whose value has the key's meaning though readBack gives another code (a label of other words
     *                   for the same industry: arts_crafts → ARTS_AND_CRAFTS): no approximation, whatever the value reads back as
     */
    ValueMap(final Map<String, String> entries, final Map<String, String> drops, final String dropReason, final boolean ignoreCase,
             final UnmappedValuePolicy policy, final String targetCrm, final Map<String, String> lossy, final long ownOptionsFrom,
             final boolean nearest, final UnaryOperator<String> readBack, final Map<String, String> noOption, final List<String> sameMeaning) {
        final Map<String, String> keyed = new HashMap<>();
        entries.forEach((key, value) -> keyed.put(entryKey(key, ignoreCase), value));
        final Map<String, Lossy> lossyRows = new HashMap<>();
        lossy.forEach((key, loses) -> lossyRows.put(entryKey(key, ignoreCase), new Lossy(key.trim(), keyed.get(entryKey(key, ignoreCase)), loses.trim())));
        this.lossy = Map.copyOf(lossyRows);
        final Map<String, Nearest> nearestRows = new HashMap<>();
        if (nearest) {
            final Set<String> same = new HashSet<>();
            sameMeaning.forEach(key -> same.add(entryKey(key, ignoreCase)));
            entries.forEach((key, value) -> {
                if (!lossyRows.containsKey(entryKey(key, ignoreCase)) && !same.contains(entryKey(key, ignoreCase)) && !sameMeaning(key, value, readBack)) {
                    nearestRows.put(entryKey(key, ignoreCase), new Nearest(value));
                }
            });
        }
        this.nearest = Map.copyOf(nearestRows);
        final Map<String, Dropped> dropped = new HashMap<>();
        drops.forEach((value, refused) -> dropped.put(entryKey(value, ignoreCase), new Dropped(value.trim(), refused, null)));
        this.entries = Map.copyOf(keyed);
        this.drops = Map.copyOf(dropped);
        this.dropReason = dropReason == null ? null : dropReason.trim();
        this.ignoreCase = ignoreCase;
        this.policy = policy;
        this.targetCrm = targetCrm;
        // a value the target refuses from this load is still one of its options
        final Set<String> targetValues = new HashSet<>(entries.values());
        drops.values().stream().filter(Objects::nonNull).forEach(targetValues::add);
        this.options = targetValues.size();
        this.ownOptionsFrom = ownOptionsFrom;
        final Map<String, String> why = new HashMap<>();
        final Map<String, NoOption> defaults = new HashMap<>();
        final Map<String, Dropped> emptied = new HashMap<>();
        noOption.forEach((value, reason) -> {
            why.put(entryKey(value, ignoreCase), reason.trim());
            defaults.put(entryKey(value, ignoreCase), new NoOption(reason.trim()));
            emptied.put(entryKey(value, ignoreCase), new Dropped(null, null, reason.trim()));
        });
        this.noOption = Map.copyOf(why);
        this.noOptionDefaults = Map.copyOf(defaults);
        this.noOptionDrops = Map.copyOf(emptied);
        this.rowsByWords = byWords(this.entries.keySet(),
                key -> List.of(this.entries.get(key), this.lossy.containsKey(key), this.nearest.containsKey(key)));
        this.noOptionByWords = byWords(this.noOption.keySet(), this.noOption::get);
    }

    /**
     * Keys by the words of their code but {@code and} ({@code oil_and_energy} and {@code oil_energy} as {@code oil_energy}), where every
     * key of those words gives the same (a row's value and kind, a reason); words two keys share that give otherwise index neither.
     */
    private static Map<String, String> byWords(final Set<String> keys, final Function<String, Object> gives) {
        final Map<String, String> byWords = new HashMap<>();
        final Set<String> ambiguous = new HashSet<>();
        for (final String key : keys) {
            final String words = otherWords(codeOf(key));
            final String other = byWords.putIfAbsent(words, key);
            if (other != null && !Objects.equals(gives.apply(other), gives.apply(key))) {
                ambiguous.add(words);
            } else if (other != null && key.compareTo(other) < 0) {
                byWords.put(words, key);
            }
        }
        ambiguous.forEach(byWords::remove);
        byWords.remove("");
        return Map.copyOf(byWords);
    }

    /**
     * The words of a code but the word {@code and}: a label joins two industries by {@code &}, {@code +}, {@code /} (which a code
     * spells as {@code _}, as every mark) or by the word ({@code Oil & Energy}, {@code Oil and Energy}; HubSpot's
     * {@code ARTS_AND_CRAFTS}, Datablist's {@code Arts / Crafts}), so that they are the same words for finding a row.
     */
    private static String otherWords(final String code) {
        if (!code.equals("and") && !code.startsWith("and_") && !code.contains("_and_") && !code.endsWith("_and")) {
            return code;
        }
        final StringBuilder words = new StringBuilder(code.length());
        for (final String word : code.split("_")) {
            if (!word.equals("and")) {
                words.append(words.isEmpty() ? "" : "_").append(word);
            }
        }
        return words.toString();
    }

    /** A value as the map (and a {@code when} condition, {@link Condition}) compares it: trimmed, with ignoreCase in lower case. */
    static String key(final String value, final boolean ignoreCase) {
        return ignoreCase ? value.trim().toLowerCase(Locale.ROOT) : value.trim();
    }

    /**
     * A value the specification lists (a row's key, a value to drop, a lossy row, a noOption value) as the map keys it: as {@link #key}, with
     * HTML entities as the characters they stand for, as a tool that escapes its output writes them ({@code "R&amp;D"} is the row of
     * {@code R&D}): a record's {@code R&D}, {@code R&amp;D} or {@code R&#38;D} finds it, as a look-up reads a record's text.
     */
    static String entryKey(final String written, final boolean ignoreCase) {
        return key(HtmlEntities.decode(written), ignoreCase);
    }

    /**
     * Whether a value can leave a note on the record: the field left empty ({@code drop}), a lossy row taken, a preset's field
     * written as its default for a value none of the CRM's options is (a restricted picklist's fallback), or an organisation's own
     * option number kept where the policy would have written the default.
     */
    boolean notes() {
        return !drops.isEmpty() || policy == UnmappedValuePolicy.DROP || !lossy.isEmpty() || notesDefault()
                || ownOptionsFrom > 0 && policy == UnmappedValuePolicy.DEFAULT;
    }

    /** Whether a value none of the map's rows knows is written as the field's default with a note: a preset's map only. */
    boolean notesDefault() {
        return policy == UnmappedValuePolicy.DEFAULT && targetCrm != null;
    }

    /**
     * Translates a non-null value.
     *
     * @return the mapped text, a {@link Lossy} row the caller notes on the record, the value itself, null, {@link #USE_DEFAULT} (or a
     *         {@link NoOption}, the default for a value noOption lists),
     *         {@link #OWN_OPTION}, or a {@link Dropped} the caller notes on the record
     * @throws ValueMappingException when the value is unknown and the policy is {@code invalid}
     */
    Object apply(final Object value) throws ValueMappingException {
        final String text = ValueType.toText(value).trim();
        final String key = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
        final Object row = rowOrDrop(key, text);
        if (row != null) {
            return row;
        }
        if (policy == UnmappedValuePolicy.KEEP) {
            return value;
        }
        if (policy == UnmappedValuePolicy.NULL) {
            return null;
        }
        // a target that takes only its options: a value written in words is the code it spells before the policy applies
        final Object asCode = mappedAsCode(text);
        if (asCode != null) {
            return asCode;
        }
        if (ownOptionsFrom > 0 && isOwnOption(text)) {
            // an option the organisation added (the preset's table has the CRM's own options only): not a value the target lacks
            return OWN_OPTION;
        }
        return switch (policy) {
            // a value the map says the target has no option near says why in the note, as a refusal of it does
            case DROP -> {
                final Dropped why = listedIn(noOptionDrops, key, text);
                yield why == null ? unmappedDropped : why;
            }
            case DEFAULT -> {
                final NoOption why = listedIn(noOptionDefaults, key, text);
                yield why == null ? USE_DEFAULT : why;
            }
            default -> throw new ValueMappingException(targetCrm == null
                    ? "has a value that is not in the value map (" + entries.size() + " known values)" + why(key, text)
                    : noneOfItsOptions() + why(key, text));
        };
    }

    /** Whether a row of the map or its drop list names the text (a value of the source's picklist, not anything a person typed). */
    boolean lists(final String text) {
        return rowOrDrop(key(text, ignoreCase), text) != null;
    }

    /**
     * The row of a value (keyed), or its {@link Dropped} entry, or null where the map names neither. A value an export or an API
     * wrote with HTML entities ({@code Food &amp; Beverage}, {@code Caf&eacute;}) that the map does not name as written is looked
     * up as the characters they stand for ({@link HtmlEntities}); the value written where no row names it stays as written.
     */
    private Object rowOrDrop(final String key, final String text) {
        final Object row = rowOrDrop(key);
        if (row != null) {
            return row;
        }
        final String decoded = decodedOrNull(text);
        return decoded == null ? null : rowOrDrop(key(decoded, ignoreCase));
    }

    /**
     * The trimmed text of a value as a look-up reads it where no row names it as written: its HTML entities as the characters they
     * stand for ({@code Oil &amp; Energy} as {@code Oil & Energy}), trimmed; null where it has none, as almost every value
     * ({@link HtmlEntities#decode} returns such a text itself, no copy). A {@code when} condition reads its field's text so too
     * ({@link Condition}), and a note names a value the map lists so ({@link Dropped#note}).
     */
    static String decodedOrNull(final String text) {
        final String decoded = HtmlEntities.decode(text);
        return decoded.equals(text) ? null : decoded.trim();
    }

    private Object rowOrDrop(final String key) {
        final Object mapped = lookUp(key);
        return mapped != null ? mapped : drops.get(key);
    }

    /**
     * Why the target has no option near a value the map lists in noOption, after a colon, for a value the map kept as written that
     * the target's type then refuses (a Dynamics 365 option set's words); empty for any other value.
     */
    String whyNoOption(final Object value) {
        final String text = ValueType.toText(value).trim();
        return why(ignoreCase ? text.toLowerCase(Locale.ROOT) : text, text);
    }

    /** The entry of a value noOption lists (as keyed, or as the code its words spell, with or without {@code and}), or null. */
    private <T> T listedIn(final Map<String, T> byNoOption, final String key, final String text) {
        if (byNoOption.isEmpty()) {
            return null;
        }
        final T entry = byNoOption.get(key);
        if (entry != null) {
            return entry;
        }
        final String code = codeOf(text);
        final T asCode = byNoOption.get(code);
        final String inOtherWords = asCode == null ? noOptionByWords.get(otherWords(code)) : null;
        return asCode != null || inOtherWords == null ? asCode : byNoOption.get(inOtherWords);
    }

    /** Why the target has no option near a value the map lists in noOption, after a colon; empty for any other value. */
    private String why(final String key, final String text) {
        if (noOption.isEmpty()) {
            return "";
        }
        final String reason = listedIn(noOption, key, text);
        return reason == null ? "" : ": " + reason;
    }

    private Object lookUp(final String key) {
        if (!lossy.isEmpty()) {
            final Lossy row = lossy.get(key);
            if (row != null) {
                return row;
            }
        }
        if (!nearest.isEmpty()) {
            final Nearest row = nearest.get(key);
            if (row != null) {
                return row;
            }
        }
        return entries.get(key);
    }

    /**
     * Whether a row writes a value of its key's meaning: one the target preset reads back as the key's code (Dynamics' 3 as customer;
     * Salesforce's Open - Not Contacted as not_contacted; not Closed - Not Converted as junk), or, one it does not read, one that spells
     * the key's words ({@code Food & Beverage} or {@code Food and Beverage} for food_beverage: {@code and} is no word of its own, see
     * {@link #otherWords}). Spelling alone misreads a number, and a label of other words for the same thing (Zoho's ERP (Enterprise
     * Resource Planning) for erp).
     */
    private static boolean sameMeaning(final String key, final String value, final UnaryOperator<String> readBack) {
        final String readAs = readBack.apply(value);
        return otherWords(codeOf(key)).equals(otherWords(codeOf(readAs == null ? value : readAs)));
    }

    /** Whether a row of the map writes the nearest of the target's values, not one of the same meaning. */
    boolean approximates() {
        return !nearest.isEmpty();
    }

    /**
     * The option of the canonical code a value spells in words (text, a {@link Lossy} or a {@link Nearest} row), or null. A preset's
     * map is keyed by canonical codes, a CRM's value in snake case ({@code legal_services}); a generic export writes the value as a
     * screen shows it ({@code Legal Services}, {@code Glass / Ceramics / Concrete}), which a target that takes only its own options
     * would refuse. Read as its words in lower case joined by {@code _}, such a value is the code; where no row is, the row of the same
     * words but {@code and} ({@code Oil and Energy} as {@code oil_energy}, HubSpot's Oil &amp; Energy; {@code Eating & Drinking Places}
     * as Dynamics 365's {@code eating_and_drinking_places}), taken as that row is (counted where it is the nearest value). An
     * operator's map is taken as written.
     */
    Object mappedAsCode(final Object value) {
        if (targetCrm == null) {
            return null;
        }
        final String code = codeOf(ValueType.toText(value));
        final Object row = lookUp(code);
        if (row != null || rowsByWords.isEmpty()) {
            return row;
        }
        final String inOtherWords = rowsByWords.get(otherWords(code));
        return inOtherWords == null ? null : lookUp(inOtherWords);
    }

    /**
     * The words of a text in lower case joined by {@code _}: {@code Glass / Ceramics / Concrete} as {@code glass_ceramics_concrete}; a
     * text with HTML entities as the characters they stand for ({@code Oil &amp; Energy} as {@code oil_energy}, not {@code oil_amp_energy};
     * {@code Caf&eacute;} as {@code café}).
     */
    private static String codeOf(final String written) {
        final String text = HtmlEntities.decode(written);
        final StringBuilder code = new StringBuilder(text.length());
        boolean separator = false;
        for (int i = 0; i < text.length(); i++) {
            final char character = text.charAt(i);
            if (Character.isLetterOrDigit(character)) {
                if (separator && !code.isEmpty()) {
                    code.append('_');
                }
                code.append(Character.toLowerCase(character));
                separator = false;
            } else {
                separator = true;
            }
        }
        return code.toString();
    }

    /** Whether the text is a whole number (digits only, as a reader writes an int) from the first option number an organisation adds. */
    private boolean isOwnOption(final String text) {
        if (text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(text) >= ownOptionsFrom;
    }

    /** Whether an organisation's own option number is refused ({@code "unmapped": "invalid"}), not kept with a note. */
    boolean refusesOwnOptions() {
        return policy == UnmappedValuePolicy.INVALID;
    }

    /**
     * The note of a record whose field keeps an organisation's own option number, or, under {@code "unmapped": "invalid"}, the reason
     * it is refused: the preset's table holds the CRM's options, so the number is none of its rows, yet the target organisation may
     * have it. Built once, when the field is compiled; null when the target numbers no options of an organisation's own.
     */
    String ownOption(final String target, final String source) {
        if (ownOptionsFrom == 0) {
            return null;
        }
        final String number = "an option number an organisation adds" + (targetCrm == null ? "" : " to " + targetCrm) + " (" + ownOptionsFrom
                + " or above), which " + (targetCrm == null ? "no row of its value map (" + entries.size() + " known values) is"
                : "none of the preset's " + options + " options is");
        return refusesOwnOptions()
                ? target + ": the value of " + source + " is " + number + "; list your organisation's options in a value map of your own"
                : target + ": kept as written, " + number + " (the value of " + source + "); the load takes it where the target "
                        + "organisation has that option";
    }

    /** Whether the map is a target preset's, whose values are all the options its CRM takes. */
    boolean belongsToPreset() {
        return targetCrm != null;
    }

    String noneOfItsOptions() {
        return "none of its " + options + " options";
    }

    /** The note of a record whose field a preset's map wrote as the default: none of the CRM's options is its value. */
    String defaultNote(final String target, final String source, final Object writtenDefault) {
        return target + ": written as " + ValueType.toText(writtenDefault) + " (its default), as " + targetCrm + " has no option for the value of "
                + source + " (" + noneOfItsOptions() + ")";
    }

    /**
     * The notes of a record whose field a preset's map wrote as the default for a value noOption names, with why, as its refusal would
     * say it: built once, when the field is compiled.
     */
    Map<NoOption, String> noOptionDefaultNotes(final String target, final String source, final Object writtenDefault) {
        final Map<NoOption, String> notes = new HashMap<>();
        noOptionDefaults.values().forEach(value -> notes.put(value, target + ": written as " + ValueType.toText(writtenDefault) + " (its default), as "
                + targetCrm + " has no option for the value of " + source + " (" + noneOfItsOptions() + ": " + value.why + ")"));
        return Map.copyOf(notes);
    }

    /** A value the map says the target has no option near, written as the default under {@code default}: the note says why. */
    static final class NoOption {
        private final String why;

        private NoOption(final String why) {
            this.why = why;
        }
    }

    /** The notes of the lossy rows, for a field and its source: built once, when the field is compiled. */
    Map<Lossy, String> lossyNotes(final String target, final String source) {
        final Map<Lossy, String> notes = new HashMap<>();
        for (final Lossy row : lossy.values()) {
            notes.put(row, target + ": written as " + row.written + ", the nearest " + (targetCrm == null ? "" : targetCrm + " ") + "option to "
                    + row.listedValue + " (the value of " + source + "), which " + row.loses);
        }
        return Map.copyOf(notes);
    }

    /**
     * The reason of a refused value, for a field and its source: a preset's map lists every option its CRM takes, so the CRM is
     * named as the one that refuses the value; an operator's map is the operator's own rule.
     */
    String refusal(final String target, final String source, final String detail) {
        return targetCrm == null
                ? target + ": the value of " + source + " " + detail
                : target + ": " + targetCrm + " does not accept the value of " + source + " (" + detail + ")";
    }

    /** A row of the map whose target value is broader or partial: written, and noted on the record. */
    static final class Lossy {
        private final String listedValue;
        private final String written;
        private final String loses;

        private Lossy(final String listedValue, final String written, final String loses) {
            this.listedValue = listedValue;
            this.written = written;
            this.loses = loses;
        }

        String written() {
            return written;
        }
    }

    /** A row of the map that writes the nearest of the target's values where it has none of the same meaning: written, and counted. */
    static final class Nearest {
        private final String written;

        private Nearest(final String written) {
            this.written = written;
        }

        String written() {
            return written;
        }
    }

    /**
     * A value the map leaves empty on purpose: the note says which field and why (the specification's reason, or that the target has
     * no equivalent), naming the value only when the specification lists it (a value it does not list may be anything a person typed).
     */
    final class Dropped {
        private final String listedValue;
        private final String refusedValue;
        private final String why;

        /** @param why why the target has no option near the value (noOption's), or null */
        private Dropped(final String listedValue, final String refusedValue, final String why) {
            this.listedValue = listedValue;
            this.refusedValue = refusedValue;
            this.why = why;
        }

        /**
         * @param sourceText the source's own text of the value, where a map of the source lists it (Zoho's {@code Shut Down}, which the
         *                   Zoho Lead preset reads as {@code shut_down}), or null: named beside the listed value where their words differ,
         *                   as its CRM shows it: HTML entities an export or an API wrote in it as the characters they stand for
         *                   ({@code Oil &amp; Gas} as {@code Oil & Gas}, then named once where the map lists {@code Oil & Gas})
         */
        String note(final String target, final String source, final String sourceText) {
            // the value as the record holds it and its CRM shows it, beside the code the map lists, where they are not the same words
            final String decoded = sourceText == null ? null : decodedOrNull(sourceText);
            final String shown = decoded == null ? sourceText : decoded;
            final String ownText = listedValue == null || shown == null || shown.equalsIgnoreCase(listedValue) ? null : shown;
            if (dropReason != null) {
                if (listedValue == null) {
                    return target + ": left empty, as " + dropReason + " (the value of " + source + ")";
                }
                final String value = ownText == null ? listedValue : ownText + ", read as " + listedValue;
                return refusedValue == null
                        ? target + ": left empty, as " + dropReason + " (the value of " + source + " is " + value + ")"
                        : target + ": left empty, as " + dropReason + " (the value of " + source + " is " + value + ": " + refusedValue
                                + " in its value map)";
            }
            final String crm = targetCrm == null ? "the target" : targetCrm;
            return listedValue == null
                    ? target + ": left empty, as " + crm + " has no equivalent of the value of " + source + " (none of the " + entries.size()
                            + " in its value map" + (why == null ? ")" : ": " + why + ")")
                    : target + ": left empty, as " + crm + " has no equivalent of " + listedValue + " (the value of " + source
                            + (ownText == null ? ")" : " is " + ownText + ")");
        }
    }
}

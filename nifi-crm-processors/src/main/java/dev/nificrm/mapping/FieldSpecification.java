package dev.nificrm.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * How one target field gets its value: exactly one source ({@code from}, {@code coalesce}, {@code concat},
 * {@code split} or {@code constant}; only a {@code default} is allowed too), then optionally a condition, a value
 * map, a default, a type and an output format. All members are optional in JSON; {@link MappingCompiler} checks
 * the combination.
 *
 * @param from         a source path: {@code /MailingCity}, {@code /address/city}, a bare name ({@code First Name})
 *                     or any RecordPath
 * @param fromCanonical a canonical field of the presets ({@code country}), for a field of the specification's own: its value as
 *                     the Source Schema preset (or a {@code canonical} entry) reads it, whatever the source calls the field
 *                     (Salesforce's picklist org's {@code BillingCountryCode} from {@code country}, read from Zoho's
 *                     {@code Billing_Country} or Salesforce's {@code BillingCountry})
 * @param coalesce     several source paths, the first non-empty value wins
 * @param concat       several source paths joined with {@code separator}; empty values are skipped
 * @param separator    the separator of {@code concat} (default a space) or of {@code split} using {@code separator}
 * @param split        the source path of a value to split
 * @param using        how to split: {@code person-name}, {@code lines}, {@code separator} or {@code url} (part {@code domain})
 * @param part         which part: {@code salutation|first|middle|last|suffix} for names, {@code 1}, {@code 2}... or
 *                     {@code 3+} (the third and the following, joined with ", ") for lines and separators
 * @param constant     a fixed value
 * @param when         a condition on another field; when false the value is empty (and the default applies)
 * @param values       an inline value map (picklist); entries override the crosswalk's
 * @param crosswalk    the name of a crosswalk table declared in the specification's {@code crosswalks}
 * @param ignoreCase   whether value-map keys match regardless of case
 * @param drop         source values the target has no equivalent of: the field is left empty and the record's errors
 *                     field says so (the record is still mapped)
 * @param dropReason   why the target takes none of the dropped values, when it is not that it lacks an equivalent (Salesforce
 *                     refuses a converted lead without the ids of the records its conversion made): the errors field says this
 *                     instead
 * @param unmapped     what happens to a value the map does not know: {@code keep} (default), {@code null},
 *                     {@code drop} (empty, and said so in the errors field), {@code default} or {@code invalid}; alone (with its
 *                     {@code default} or {@code dropReason}) on a field of the Target Schema preset, it keeps the preset's field
 *                     and changes only this (a Salesforce org's restricted Industry picklist: {@code "default"}, {@code Other})
 * @param lossy        rows of the value map that write a broader or partial value (HubSpot's BANKING for Banking / Mortgage):
 *                     the source value → what the written value loses; a record taking one is mapped, and its errors field says so
 * @param defaultValue the value used when the result is empty
 * @param type         {@code string} (default), {@code int}, {@code long}, {@code double}, {@code decimal},
 *                     {@code boolean}, {@code date}, {@code timestamp}
 * @param inputFormats patterns text dates are read with ({@code ISO}, {@code epoch-millis} or a
 *                     java.time pattern); default {@code ISO}
 * @param format       for {@code date} and {@code timestamp}: write the value as text in this pattern (UTC)
 * @param required     whether the target refuses a record without this field (Salesforce's LastName): an empty result
 *                     sends the record to invalid with the reason, instead of failing at the target's load
 * @param ranges       the ranges a target keeps a number as ({@code 1-5}, {@code 5-25}, {@code 1000+}): a whole number is
 *                     written as the first that holds it, one of the ranges as itself; another value sends the record to invalid
 * @param minimum      the least number a target takes (Dataverse's MinValue of a column), for the number types: a smaller one sends
 *                     the record to invalid, as the target would refuse it at the load
 * @param maximum      the greatest number a target takes (Dataverse's MaxValue), for the number types: a greater one sends the
 *                     record to invalid
 * @param maxLength    the most characters a target's text field takes (Salesforce's LastName 80), for the type string: a longer
 *                     value sends the record to invalid with the reason, instead of failing at the target's load
 * @param digitsOnly   whether the target's text field takes digits only (Zoho's numeric Account Number), for the type string:
 *                     a value of any other character sends the record to invalid with the reason, instead of failing at the
 *                     target's load; written as text, so its leading zeros stay
 * @param padDigitsTo  how many digits a code has with its leading zeros, for the type string: a value of fewer digits alone
 *                     (a SIC code 0111 that a number field or a reader typing a column as numbers kept as 111) gets zeros
 *                     before it up to that many; any other value is written as it is
 * @param country      for a {@code person-name} split: the source path of the record's country (an ISO 3166 code or its name);
 *                     a Spanish-speaking country's names end in two family names, a Portuguese-speaking country's in the
 *                     family name after the mother's ({@link PersonName.Naming#of})
 * @param exportDates  for {@code date} and {@code timestamp}: the value may be written as a CRM's UI export writes dates, in
 *                     the exporting user's format and time zone ({@link ExportDates}, which the operator gives): that format
 *                     is tried first, and text without an offset is a time in that zone, or not read as a timestamp without one
 * @param exportDatesFrom for {@code date} and {@code timestamp} read with {@code coalesce}: the paths among them that are a UI export's
 *                     columns, read as {@code exportDates} says, while the others keep {@code inputFormats} alone (Zoho's
 *                     {@code Created Time} label in the exporting user's zone, its API name {@code Created_Time} in UTC)
 * @param ownOptionsFrom the least option number an organisation adds to the target's option set (Dataverse numbers the options an
 *                     organisation adds from 100000000): a whole number from it that no row of the value map knows is the
 *                     organisation's own option, kept as written and noted under {@code "unmapped": "drop"} or {@code "default"},
 *                     refused with that reason under {@code "invalid"}
 * @param nearest      whether the value map writes the nearest of the target's values where the target has none of the same
 *                     meaning (Salesforce's 32 standard industries: Plastics as Manufacturing): a row whose written value has another
 *                     meaning than its key is such an approximation, written without a note and counted per FlowFile; a Target
 *                     Schema preset's value means what the preset reads it back as (Dynamics 365's 3: customer), a value of an
 *                     operator's map the words it spells
 * @param noOption     values of the map's source that the target has no option near, none of them a row of the map → why (HubSpot's
 *                     industries for Dynamics 365's Business Services: it names kinds of business service, none the whole): such a
 *                     value follows the {@code unmapped} policy as any value no row knows, and a record refused for it says why
 * @param sameMeaning  rows of a {@code nearest} value map whose written value has the meaning of the row's key though the target
 *                     preset reads it back as another code: a label of other words for the same industry (Datablist's
 *                     {@code Arts / Crafts}, the code {@code arts_crafts}, written as HubSpot's {@code ARTS_AND_CRAFTS}); such a row is
 *                     no approximation, and is not counted
 */
public record FieldSpecification(
        @JsonProperty("from") String from,
        @JsonProperty("fromCanonical") String fromCanonical,
        @JsonProperty("coalesce") List<String> coalesce,
        @JsonProperty("concat") List<String> concat,
        @JsonProperty("separator") String separator,
        @JsonProperty("split") String split,
        @JsonProperty("using") String using,
        @JsonProperty("part") String part,
        @JsonProperty("constant") Object constant,
        @JsonProperty("when") ConditionSpecification when,
        @JsonProperty("values") Map<String, String> values,
        @JsonProperty("crosswalk") String crosswalk,
        @JsonProperty("ignoreCase") Boolean ignoreCase,
        @JsonProperty("drop") List<String> drop,
        @JsonProperty("dropReason") String dropReason,
        @JsonProperty("unmapped") String unmapped,
        @JsonProperty("default") Object defaultValue,
        @JsonProperty("type") String type,
        @JsonProperty("inputFormats") List<String> inputFormats,
        @JsonProperty("format") String format,
        @JsonProperty("required") Boolean required,
        @JsonProperty("ranges") List<String> ranges,
        @JsonProperty("minimum") BigDecimal minimum,
        @JsonProperty("maximum") BigDecimal maximum,
        @JsonProperty("maxLength") Integer maxLength,
        @JsonProperty("digitsOnly") Boolean digitsOnly,
        @JsonProperty("padDigitsTo") Integer padDigitsTo,
        @JsonProperty("country") String country,
        @JsonProperty("exportDates") Boolean exportDates,
        @JsonProperty("exportDatesFrom") List<String> exportDatesFrom,
        @JsonProperty("lossy") Map<String, String> lossy,
        @JsonProperty("ownOptionsFrom") Long ownOptionsFrom,
        @JsonProperty("nearest") Boolean nearest,
        @JsonProperty("noOption") Map<String, String> noOption,
        @JsonProperty("sameMeaning") List<String> sameMeaning) {

    /**
     * Whether this entry only changes what a preset field's value map does with a value it has no row for: it gives
     * {@code unmapped} and at most a {@code default} and a {@code dropReason}, no source and no map of its own.
     */
    boolean refinesUnmapped() {
        return unmapped != null && equals(onlyUnmapped(unmapped, defaultValue, dropReason));
    }

    /** This field (a preset's) with another unmapped policy, default and drop reason (a {@link #refinesUnmapped()} entry's). */
    FieldSpecification refinedBy(final FieldSpecification refinement) {
        return new FieldSpecification(from, fromCanonical, coalesce, concat, separator, split, using, part, constant, when, values, crosswalk,
                ignoreCase, drop, refinement.dropReason() == null ? dropReason : refinement.dropReason(), refinement.unmapped(),
                refinement.defaultValue() == null ? defaultValue : refinement.defaultValue(), type, inputFormats, format, required, ranges,
                minimum, maximum, maxLength, digitsOnly, padDigitsTo, country, exportDates, exportDatesFrom, lossy, ownOptionsFrom, nearest,
                noOption, sameMeaning);
    }

    private static FieldSpecification onlyUnmapped(final String unmapped, final Object defaultValue, final String dropReason) {
        return new FieldSpecification(null, null, null, null, null, null, null, null, null, null, null, null, null, null, dropReason, unmapped,
                defaultValue, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}

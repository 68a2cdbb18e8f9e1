package dev.nificrm.match;

import dev.nificrm.roles.CompanyIdentifierField;
import dev.nificrm.roles.KeyKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw values of one record, per field of a {@link Matcher}, each with the name of the record's field it was read
 * from: what {@link Matcher#keys(RecordValues)} keys. Whoever reads records (MatchCRMRecord's RecordPaths, a test's
 * rows, a benchmark's generator) hands the matcher the same evidence, so a record is keyed one way: the name of a
 * company identifier's field says what nine digits are ({@code 813495425} in {@code DunsNumber} is a D-U-N-S number, in
 * {@code VATNumber} of a German record a German VAT id; {@link CompanyIdentifierField}). What a name says is read once per
 * name. Reused from record to record ({@link #clear()}); not for several threads.
 * <pre>
 * RecordValues record = matcher.newRecordValues();
 * record.add(companyIdSlot, "813495425", "DunsNumber");
 * record.add(countrySlot, "DE", "BillingCountry");
 * String[] keys = matcher.keys(record);
 * record.clear();
 * </pre>
 */
public final class RecordValues {
    private final List<List<String>> values;
    /** Per slot of a company identifier, what each value's field name says of it; null for the other slots. */
    private final List<List<CompanyIdentifierField>> identifierFields;
    /** What each field name read for a company identifier says of it, read once per name. */
    private final Map<String, CompanyIdentifierField> named = new HashMap<>();

    RecordValues(final List<MatchField> fields) {
        values = new ArrayList<>(fields.size());
        identifierFields = new ArrayList<>(fields.size());
        for (final MatchField field : fields) {
            values.add(new ArrayList<>(2));
            identifierFields.add(field.role() != null && field.role().getKeyKind() == KeyKind.COMPANY_ID ? new ArrayList<>(2) : null);
        }
    }

    /**
     * Adds a raw value of a field (a slot of the matcher's fields), read from a record's field of a name.
     *
     * @param fieldName the name of the record's field the value was read from; null when unknown (it says nothing)
     */
    public void add(final int slot, final String value, final String fieldName) {
        values.get(slot).add(value);
        final List<CompanyIdentifierField> fields = identifierFields.get(slot);
        if (fields != null) {
            fields.add(fieldName == null ? CompanyIdentifierField.UNNAMED : named.computeIfAbsent(fieldName, CompanyIdentifierField::named));
        }
    }

    /** Forgets the values added, to read the next record. */
    public void clear() {
        for (int slot = 0; slot < values.size(); slot++) {
            values.get(slot).clear();
            if (identifierFields.get(slot) != null) {
                identifierFields.get(slot).clear();
            }
        }
    }

    /** The raw values of a slot, in the order added. */
    List<String> values(final int slot) {
        return values.get(slot);
    }

    /** Per value of a slot, what its field's name says of a company identifier; null for a slot of another kind. */
    List<CompanyIdentifierField> identifierFields(final int slot) {
        return identifierFields.get(slot);
    }

    /** The first value of a slot, or null when it has none. */
    String first(final int slot) {
        final List<String> slotValues = values.get(slot);
        return slotValues.isEmpty() ? null : slotValues.getFirst();
    }
}

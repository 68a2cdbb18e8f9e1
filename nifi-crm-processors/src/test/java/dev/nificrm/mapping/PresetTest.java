package dev.nificrm.mapping;

import dev.nificrm.roles.FieldRoles;
import dev.nificrm.roles.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetTest {

    @ParameterizedTest
    @EnumSource(CrmSchema.class)
    void readsFieldsOfTheCanonicalModelOfItsEntity(final CrmSchema schema) {
        final Preset preset = Preset.of(schema);
        assertEquals(schema.getDisplayName(), preset.name());
        assertEquals(schema.getEntity(), preset.entity());
        assertEquals(preset.read().fields().size(), preset.canonicalFields().size());
        for (final CanonicalField field : preset.canonicalFields()) {
            assertTrue(field.belongsTo(schema.getEntity()), schema + ": " + field);
        }
    }

    @ParameterizedTest
    @EnumSource(CanonicalField.class)
    void canonicalFieldsThatAreRolesAreNamedAfterThem(final CanonicalField field) {
        final Optional<Role> named = Role.fromKey(field.getKey());
        named.ifPresent(role -> assertEquals(Optional.of(role), field.getRole(), field.getKey()));
        assertEquals(Optional.of(field), CanonicalField.fromKey(field.getKey()));
    }

    @ParameterizedTest
    @EnumSource(CrmSchema.class)
    void presetFieldNamesAgreeWithTheRoleVocabulary(final CrmSchema schema) {
        final List<String> disagreements = new ArrayList<>();
        for (final Map.Entry<String, FieldSpecification> entry : Preset.of(schema).read().fields().entrySet()) {
            final String from = entry.getValue().from();
            if (from == null) {
                continue;
            }
            final Optional<Role> recognised = FieldRoles.recognize(from.substring(1));
            final Optional<Role> expected = CanonicalField.fromKey(entry.getKey()).flatMap(CanonicalField::getRole);
            if (recognised.isPresent() && expected.isPresent() && recognised.get() != expected.get()) {
                disagreements.add(from + " is " + recognised.get().getKey() + " to FieldRoles but " + entry.getKey() + " to the preset");
            }
        }
        assertEquals(List.of(), disagreements);
    }

    /**
     * A write table is marked "nearest" exactly when a row (not a lossy one) writes a value the preset reads back as another canonical
     * value than the row's (Salesforce's Type: customer as Customer - Direct, read back as customer_direct), and the preset reads back
     * every value such a table writes, so its rows are told by meaning, never by spelling alone. Before, only Salesforce's Industry
     * was marked: Salesforce's Type, LeadSource and Status and the HubSpot, Zoho and Dynamics 365 tables with such rows were not.
     */
    @ParameterizedTest
    @EnumSource(CrmSchema.class)
    void everyWriteTableWithRowsOfTheNearestValueIsMarkedSo(final CrmSchema schema) {
        final Preset preset = Preset.of(schema);
        final List<String> wrong = new ArrayList<>();
        for (final Map.Entry<String, FieldSpecification> entry : preset.write().fields().entrySet()) {
            final FieldSpecification field = entry.getValue();
            if (field == null || field.values() == null) {
                continue;
            }
            final FieldSpecification read = preset.read().fields().get(field.from().substring(1));
            final boolean ignoreCase = Boolean.TRUE.equals(read.ignoreCase());
            final Map<String, String> codes = new HashMap<>();
            read.values().forEach((value, code) -> codes.put(ignoreCase ? value.toLowerCase(Locale.ROOT) : value, code));
            int nearest = 0;
            for (final Map.Entry<String, String> row : field.values().entrySet()) {
                final String readBack = codes.get(ignoreCase ? row.getValue().toLowerCase(Locale.ROOT) : row.getValue());
                if (readBack == null) {
                    wrong.add(entry.getKey() + " writes " + row.getValue() + ", which the preset does not read back");
                } else if (!readBack.equals(row.getKey()) && (field.lossy() == null || !field.lossy().containsKey(row.getKey()))) {
                    nearest++;
                }
            }
            if (Boolean.TRUE.equals(field.nearest()) != nearest > 0) {
                wrong.add(entry.getKey() + ": " + nearest + " rows of the nearest value, \"nearest\" " + field.nearest());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @ParameterizedTest
    @EnumSource(CrmSchema.class)
    void writesTheSourceIdToAnExternalIdFieldOnly(final CrmSchema schema) {
        final List<String> idTargets = new ArrayList<>();
        Preset.of(schema).write().fields().forEach((target, field) -> {
            if ("/record_id".equals(field.from())) {
                idTargets.add(target);
            }
        });
        assertEquals(1, idTargets.size());
        assertEquals(Preset.of(schema).read().fields().get("external_id").from(), "/" + idTargets.get(0));
    }

    /**
     * A canonical code is internal: every code any preset of the entity reads, the target's value map writes as a value of its own,
     * unless the target sends a value it has no option for to invalid (HubSpot's industry) or takes numbers only (a Dynamics 365 option
     * set, where a code is no number), so that a code it leaves out cannot reach it.
     */
    @ParameterizedTest
    @EnumSource(CrmSchema.class)
    void writesEveryCanonicalCodeOfAPicklistAsAValueOfItsOwn(final CrmSchema target) {
        final List<String> unwritten = new ArrayList<>();
        Preset.of(target).write().fields().forEach((targetField, field) -> {
            if (field.values() == null || "invalid".equals(field.unmapped()) || "int".equals(field.type())) {
                return;
            }
            final TreeSet<String> codes = codesRead(target, field);
            codes.removeAll(field.values().keySet());
            codes.forEach(code -> unwritten.add(targetField + " has no value for " + code));
        });
        assertEquals(List.of(), unwritten);
    }

    /**
     * A table whose target refuses a value that is none of its options (HubSpot's industry, a Dynamics 365 option set) has, for every
     * code any preset of the entity reads, a row (the option of that meaning or the nearest, combined labels such as Oil &amp; Energy,
     * Glass, Ceramics &amp; Concrete or Agriculture and Non-petrol Natural Resource Extraction among them), a value it drops, or why the
     * target has no option near it ({@code noOption}): no code of another CRM's picklist is refused saying only that it is none of the
     * options. Checked when no combined industry label of the presets' picklists was found without one (211 codes, 7 tables).
     */
    @ParameterizedTest
    @EnumSource(CrmSchema.class)
    void aTableThatRefusesOtherValuesHasARowOrAReasonForEveryCanonicalCode(final CrmSchema target) {
        final List<String> unknown = new ArrayList<>();
        Preset.of(target).write().fields().forEach((targetField, field) -> {
            if (field.values() == null || !"invalid".equals(field.unmapped()) && !"int".equals(field.type())) {
                return;
            }
            final TreeSet<String> codes = codesRead(target, field);
            codes.removeAll(field.values().keySet());
            if (field.noOption() != null) {
                codes.removeAll(field.noOption().keySet());
            }
            if (field.drop() != null) {
                codes.removeAll(field.drop());
            }
            codes.forEach(code -> unknown.add(targetField + " has neither a row nor a reason for " + code));
        });
        assertEquals(List.of(), unknown);
    }

    /** The codes every preset of the target's entity reads for the canonical field a write field takes. */
    private static TreeSet<String> codesRead(final CrmSchema target, final FieldSpecification field) {
        final String canonical = field.from().substring(1);
        final TreeSet<String> codes = new TreeSet<>();
        for (final CrmSchema source : CrmSchema.values()) {
            final FieldSpecification read = Preset.of(source).read().fields().get(canonical);
            if (source.getEntity() == target.getEntity() && read != null && read.values() != null) {
                codes.addAll(read.values().values());
            }
        }
        return codes;
    }
}

package dev.nificrm.mapping;

import dev.nificrm.roles.FieldRoles;
import dev.nificrm.roles.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetTest {
    // Canonical names that are not roles: ids, picklists and CRM bookkeeping the role vocabulary does not cover.
    private static final Set<String> NON_ROLE_NAMES = Set.of("record_id", "salutation", "suffix", "email_2", "mobile_phone", "home_phone", "fax",
            "job_title", "department", "lead_source", "email_opt_out", "description", "owner", "created_at", "modified_at", "account_type",
            "industry", "annual_revenue", "employees");
    // Roles whose canonical field is a more specific concept (a mobile phone is a phone; a modification time is a date).
    private static final Map<String, Role> SPECIFIC = Map.of("mobile_phone", Role.PHONE, "home_phone", Role.PHONE, "fax", Role.PHONE,
            "email_2", Role.EMAIL, "created_at", Role.DATE, "modified_at", Role.DATE, "record_id", Role.EXTERNAL_ID);

    @ParameterizedTest
    @EnumSource(CrmSchema.class)
    void canonicalNamesAreRoleKeysWhereOneFits(final CrmSchema schema) {
        final Preset preset = Preset.of(schema);
        assertEquals(schema.getDisplayName(), preset.name());
        assertEquals(schema.getEntity().getKey(), preset.entity());
        for (final String canonical : preset.read().fields().keySet()) {
            assertTrue(Role.fromKey(canonical).isPresent() || NON_ROLE_NAMES.contains(canonical), schema + ": " + canonical);
        }
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
            final Optional<Role> expected = Role.fromKey(entry.getKey()).or(() -> Optional.ofNullable(SPECIFIC.get(entry.getKey())));
            if (recognised.isPresent() && expected.isPresent() && recognised.get() != expected.get()) {
                disagreements.add(from + " is " + recognised.get().getKey() + " to FieldRoles but " + entry.getKey() + " to the preset");
            }
        }
        assertEquals(List.of(), disagreements);
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
}

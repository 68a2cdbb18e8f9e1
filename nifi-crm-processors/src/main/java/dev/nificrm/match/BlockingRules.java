package dev.nificrm.match;

import dev.nificrm.match.BlockingRule.Part;
import dev.nificrm.match.BlockingRule.Transform;
import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * The automatic blocking passes for the roles present: each rule is used when every role it needs is configured.
 * Several cheap passes with different keys find the pairs that one key would miss because of a typo in it.
 */
public final class BlockingRules {

    private BlockingRules() {
    }

    /** The rules that apply to the fields, most selective first. */
    public static List<BlockingRule> forFields(final List<MatchField> fields) {
        final int first = DefaultWeights.slotOf(fields, Role.FIRST_NAME);
        final int last = DefaultWeights.slotOf(fields, Role.LAST_NAME);
        final int full = DefaultWeights.slotOf(fields, Role.FULL_NAME);
        final int email = DefaultWeights.slotOf(fields, Role.EMAIL);
        final int phone = DefaultWeights.slotOf(fields, Role.PHONE);
        final int birthDate = DefaultWeights.slotOf(fields, Role.BIRTH_DATE);
        final int postalCode = DefaultWeights.slotOf(fields, Role.POSTAL_CODE);
        final int houseNumber = DefaultWeights.slotOf(fields, Role.HOUSE_NUMBER);
        final int street = DefaultWeights.slotOf(fields, Role.STREET);
        final int city = DefaultWeights.slotOf(fields, Role.CITY);
        final int nationalId = DefaultWeights.slotOf(fields, Role.NATIONAL_ID);
        final int externalId = DefaultWeights.slotOf(fields, Role.EXTERNAL_ID);
        final int company = DefaultWeights.slotOf(fields, Role.COMPANY);
        final int website = DefaultWeights.slotOf(fields, Role.WEBSITE);

        final List<BlockingRule> rules = new ArrayList<>();
        add(rules, "email", part(email, Transform.EXACT));
        add(rules, "email~local_part", part(email, Transform.LOCAL_PART));
        add(rules, "email~domain+first_name~initial", part(email, Transform.DOMAIN), part(first, Transform.INITIAL));
        add(rules, "phone", part(phone, Transform.EXACT));
        add(rules, "national_id", part(nationalId, Transform.EXACT));
        add(rules, "external_id", part(externalId, Transform.EXACT));
        add(rules, "first_name+last_name", part(first, Transform.EXACT), part(last, Transform.EXACT));
        add(rules, "full_name", part(full, Transform.EXACT));
        add(rules, "last_name~phonetic+postal_code", part(last, Transform.PHONETIC), part(postalCode, Transform.EXACT));
        add(rules, "first_name~initial+birth_date", part(first, Transform.INITIAL), part(birthDate, Transform.EXACT));
        add(rules, "last_name~phonetic+birth_date", part(last, Transform.PHONETIC), part(birthDate, Transform.EXACT));
        add(rules, "full_name~phonetic+birth_date", part(full, Transform.PHONETIC), part(birthDate, Transform.EXACT));
        if (first >= 0 && last >= 0) {
            rules.add(new BlockingRule("{first_name~phonetic,last_name~phonetic}",
                    List.of(part(first, Transform.PHONETIC), part(last, Transform.PHONETIC)), true));
        }
        add(rules, "first_name+last_name~prefix+birth_date~year", part(first, Transform.EXACT), part(last, Transform.PREFIX),
                part(birthDate, Transform.YEAR));
        add(rules, "birth_date+city~prefix", part(birthDate, Transform.EXACT), part(city, Transform.PREFIX));
        // broad passes: on large inputs only their most selective blocks survive the per-pass pair budget
        add(rules, "last_name~prefix+birth_date~year", part(last, Transform.PREFIX), part(birthDate, Transform.YEAR));
        add(rules, "first_name+birth_date~year", part(first, Transform.EXACT), part(birthDate, Transform.YEAR));
        add(rules, "last_name+city~prefix", part(last, Transform.EXACT), part(city, Transform.PREFIX));
        add(rules, "first_name+city~prefix", part(first, Transform.EXACT), part(city, Transform.PREFIX));
        add(rules, "birth_date+postal_code", part(birthDate, Transform.EXACT), part(postalCode, Transform.EXACT));
        add(rules, "postal_code+house_number", part(postalCode, Transform.EXACT), part(houseNumber, Transform.EXACT));
        add(rules, "street+house_number", part(street, Transform.EXACT), part(houseNumber, Transform.EXACT));
        add(rules, "full_name~phonetic+postal_code", part(full, Transform.PHONETIC), part(postalCode, Transform.EXACT));
        add(rules, "full_name~phonetic+city", part(full, Transform.PHONETIC), part(city, Transform.EXACT));
        add(rules, "company", part(company, Transform.EXACT));
        add(rules, "company~phonetic+postal_code", part(company, Transform.PHONETIC), part(postalCode, Transform.EXACT));
        add(rules, "company~phonetic+city~prefix", part(company, Transform.PHONETIC), part(city, Transform.PREFIX));
        add(rules, "website", part(website, Transform.EXACT));
        return List.copyOf(rules);
    }

    private static Part part(final int slot, final Transform transform) {
        return slot < 0 ? null : Part.of(slot, transform);
    }

    private static void add(final List<BlockingRule> rules, final String name, final Part... parts) {
        for (final Part part : parts) {
            if (part == null) {
                return;
            }
        }
        rules.add(new BlockingRule(name, List.of(parts)));
    }
}

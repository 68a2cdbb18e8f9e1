package dev.nificrm.systemtest;

import dev.nificrm.testing.PostgresDatabase;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the tests of templates/crm-sync-pull.json (home contacts into people) share: contacts unlike each other in
 * every field, with values cleaning leaves as they are; and the check that the people table mirrors the home table,
 * one row per contact under the contact's golden id from the entity store.
 */
final class HomeToPeople {
    /** How many distinct contacts {@link #contact(int)} knows. */
    static final int CONTACTS = 50;
    private static final String[] FIRST_NAMES = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken",
        "Dennis", "Bjarne", "Guido", "Linus", "Radia", "Tim", "Vint", "Whitfield", "Leslie", "Niklaus", "Tony", "Robin", "Edgar", "Jim",
        "Butler", "Shafi", "Silvio", "Judea", "Yoshua", "Geoffrey", "Yann", "Fei-Fei", "Karen", "Hedy", "Katherine", "Dorothy", "Mary",
        "Annie", "Evelyn", "Sophie", "Jean", "Kathleen", "Betty", "Marlyn", "Ruth", "Adele", "Carol", "Stephanie", "Lynn", "Hal"};
    private static final String[] LAST_NAMES = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton",
        "Thompson", "Ritchie", "Stroustrup", "Rossum", "Torvalds", "Perlman", "Berners-Lee", "Cerf", "Diffie", "Lamport", "Wirth", "Hoare",
        "Milner", "Codd", "Gray", "Lampson", "Goldwasser", "Micali", "Pearl", "Bengio", "Hinton", "LeCun", "Li", "Sparck-Jones", "Lamarr",
        "Johnson", "Vaughan", "Jackson", "Easley", "Boyd", "Wilson", "Bartik", "Antonelli", "Holberton", "Wescoff", "Teitelbaum", "Goldstine", "Shaw", "Kwolek", "Conway", "Abelson"};
    private static final String[] CITIES = {"London", "Manchester", "Arlington", "Rotterdam", "Boston"};

    private HomeToPeople() {
    }

    /** Contact number {@code index} (0 to {@link #CONTACTS} - 1) as home columns. */
    static Map<String, Object> contact(final int index) {
        final String first = FIRST_NAMES[index];
        final String last = LAST_NAMES[index];
        final Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("first_name", first);
        contact.put("last_name", last);
        contact.put("email", (first + "." + last + "@example.com").toLowerCase(Locale.ROOT));
        contact.put("phone", String.format(Locale.ROOT, "+4420%08d", 79460000 + 137 * index));
        contact.put("company", last + " Computing");
        contact.put("city", CITIES[index % CITIES.length]);
        contact.put("postal_code", String.format(Locale.ROOT, "N%d %dAB", 1 + index % 19, index % 10));
        contact.put("country", "GB");
        return contact;
    }

    /** The golden id the entity store gave a home contact; fails unless it has exactly one. */
    static String goldenId(final PostgresDatabase store, final long homeId) throws SQLException {
        final List<Map<String, Object>> members = SqlCrm.query(store,
                "SELECT golden_id FROM crm_member WHERE source_system = 'home' AND source_id = '" + homeId + "'");
        if (members.size() != 1) {
            throw new AssertionError(members.size() + " store members for home contact " + homeId + ", expected one");
        }
        return (String) members.get(0).get("golden_id");
    }

    /**
     * How the people table differs from the home table (contacts {@code excluded} and their rows left out): an empty list when it
     * holds exactly one row per contact, under the contact's golden id, with the contact's values; otherwise one line
     * per difference (a golden id shared by two contacts, two rows of one golden id, a missing or extra row, a value).
     */
    static List<String> differences(final SqlCrm home, final SqlCrm people, final PostgresDatabase store, final Collection<Long> excluded)
            throws SQLException {
        final List<String> differences = new ArrayList<>();
        final Map<String, Map<String, Object>> expected = new HashMap<>();
        final Set<String> excludedGoldenIds = new HashSet<>();
        for (final Map<String, Object> contact : home.rows()) {
            final long id = (Long) contact.get("id");
            if (excluded.contains(id)) {
                SqlCrm.query(store, "SELECT golden_id FROM crm_member WHERE source_system = 'home' AND source_id = '" + id + "'")
                        .forEach(member -> excludedGoldenIds.add((String) member.get("golden_id")));
                continue;
            }
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("given_name", contact.get("first_name"));
            row.put("family_name", contact.get("last_name"));
            row.put("email_address", contact.get("email"));
            row.put("mobile", contact.get("phone"));
            row.put("organisation", contact.get("company"));
            row.put("town", contact.get("city"));
            row.put("postcode", contact.get("postal_code"));
            row.put("country_code", contact.get("country"));
            row.put("is_deleted", contact.get("deleted"));
            final List<Map<String, Object>> members = SqlCrm.query(store,
                    "SELECT golden_id FROM crm_member WHERE source_system = 'home' AND source_id = '" + id + "'");
            if (members.size() != 1) {
                differences.add(members.size() + " store members for home contact " + id);
                continue;
            }
            final String goldenId = (String) members.get(0).get("golden_id");
            if (expected.put(goldenId, row) != null) {
                differences.add("golden id " + goldenId + " is shared by home contact " + id + " and another");
            }
        }
        final Map<String, Map<String, Object>> actual = new HashMap<>();
        for (final Map<String, Object> person : people.rows()) {
            final Map<String, Object> row = new LinkedHashMap<>(person);
            row.remove("person_id");
            row.remove("modified_at");
            row.remove("sync_version");
            final String externalId = (String) row.remove("external_id");
            if (excludedGoldenIds.contains(externalId)) {
                continue;
            }
            if (actual.put(externalId, row) != null) {
                differences.add("two people rows with external id " + externalId);
            }
        }
        for (final Map.Entry<String, Map<String, Object>> row : expected.entrySet()) {
            if (!row.getValue().equals(actual.get(row.getKey()))) {
                differences.add(row.getKey() + ": expected " + row.getValue() + ", people has " + actual.get(row.getKey()));
            }
        }
        actual.keySet().stream().filter(externalId -> !expected.containsKey(externalId))
                .forEach(externalId -> differences.add("people row " + externalId + " is no home contact's: " + actual.get(externalId)));
        return differences;
    }
}

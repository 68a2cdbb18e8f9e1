package dev.nificrm.match;

import dev.nificrm.roles.Role;
import dev.nificrm.match.StoredKeys.CountingDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.nificrm.match.StoredKeys.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store's candidate's mailbox compared where the store holds it (h254): {@link EmailComparator#compareCharacters} of a
 * mailbox and a stored one read as characters, and {@link Comparison#level(String[], CandidateKeys)} of the mailbox
 * comparison, give the levels the strings give, for generated and adversarial mailboxes and names; the stored mailbox is
 * made a string only where the two are similar (the given names are asked then), where it is not one ASCII value, or
 * where the record's mailbox is several.
 */
class StoredMailboxCharactersTest {
    private static final List<MatchField> FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.EMAIL));
    private static final int EMAIL = 2;
    private static final String SEPARATOR = String.valueOf(Comparison.VALUE_SEPARATOR);
    private static final String[] GIVEN = {"john", "jon", "anna", "ann", "jan", "gijsbert", "bert", "antonino", "nino", "marinus", "adrianus",
            "sarah", "wei", "fatima", "minjun", "j", "josé", "zoë", "li wang", "mary ann"};
    private static final String[] FAMILY = {"smith", "smyth", "jansen", "jacobs", "dejong", "costa", "santoro", "verhoeven", "young", "king",
            "hill", "kim", "wang", "müller", "de jong", "o'brien"};
    private static final String[] DOMAINS = {"gmail.com", "yahoo.com", "yahoo.co.uk", "hotmail.fr", "icloud.com", "outlook.com", "example.com",
            "example.org", "acme.de", "wp.pl", "molen.com", "gmial.com", "exmaple.com", "bücher.de", "yahoo.acme.com", "", "a"};
    private static final String[] ROLES = {"info", "sales", "office", "büro", "kontakt", "hr", "it"};
    private static final String[] ADVERSARIAL = {"", "@", "@@", "john", "john@", "@gmail.com", "a@b@c.com", "john.smith@gmail.com@",
            "john.smith@gmail.com", "john.smith2@gmail.com", "johnsmith1984@gmail.com", "johnsmith1948@gmail.com", "jsmith@gmail.com",
            "1984@gmail.com", "19841@gmail.com", "john..smith@gmail.com", "j-o_h.n@x.de", "josé@example.com", "jose@example.com",
            "john.smith@bücher.de", "john.smith@xn--bcher-kva.de", "ü@ü", "😀@gmail.com", "info@acme.de", "sales@acme.de",
            "a".repeat(70) + "@gmail.com", "a".repeat(69) + "b@gmail.com", "x".repeat(40) + "@" + "y".repeat(40) + ".com"};

    /**
     * Generated pairs of mailboxes (typos, one name at two domains, numbered names, given names and their other forms at
     * the start, role mailboxes, no {@code @}, an empty local part, beyond ASCII, several values) and of names, seeded: the
     * level of the stored mailbox read as characters is the level of its string, every level reached that way.
     */
    @Test
    void aStoredMailboxReadAsCharactersHasTheLevelOfItsString() {
        final Random random = new Random(254);
        final Comparison comparison = DefaultWeights.comparisonsFor(FIELDS, Nicknames.bundled()).get(EMAIL);
        final EmailComparator comparator = new EmailComparator();
        final CountingDecoder decoder = new CountingDecoder(FIELDS.size());
        final CandidateKeys room = new CandidateKeys(FIELDS.size());
        final List<String> failures = new ArrayList<>();
        final Set<Integer> levelsByCharacters = new HashSet<>();
        int withoutString = 0;
        int similar = 0;
        for (int i = 0; i < 60_000; i++) {
            final String[] left = {name(random, GIVEN), name(random, FAMILY), key(mailbox(random))};
            final String[] right = {random.nextInt(3) == 0 ? left[0] : name(random, GIVEN), random.nextInt(3) == 0 ? left[1] : name(random, FAMILY),
                    key(alike(random, left[EMAIL]))};
            final int byStrings = comparison.level(left, right);
            decoder.reset();
            final int byKeys = comparison.level(left, stored(room, right, left, decoder));
            if (byKeys != byStrings) {
                failures.add(String.join(" | ", left) + " / " + String.join(" | ", right) + ": " + byKeys + " from the stored bytes, " + byStrings
                        + " from strings");
            }
            if (left[EMAIL] != null && right[EMAIL] != null && single(left[EMAIL]) && single(right[EMAIL])) {
                final int characters = comparator.compareCharacters(left[EMAIL], new StringBuilder(right[EMAIL]));
                final int strings = comparator.compare(left[EMAIL], right[EMAIL]);
                if (characters != strings) {
                    failures.add(left[EMAIL] + " / " + right[EMAIL] + ": " + characters + " as characters, " + strings + " as strings");
                }
                if (!left[EMAIL].equals(right[EMAIL]) && isAscii(right[EMAIL])) {
                    // a mailbox unequal to the record's is left as bytes: a string of it only to ask the given names
                    if (decoder.decodes(EMAIL) != (strings == 2 ? 1 : 0)) {
                        failures.add(left[EMAIL] + " / " + right[EMAIL] + " at " + strings + ": " + decoder.decodes(EMAIL) + " strings made");
                    }
                    if (strings == 2) {
                        similar++;
                    } else {
                        withoutString++;
                        levelsByCharacters.add(byKeys);
                    }
                }
            }
        }
        assertEquals(List.of(), failures.stream().limit(30).toList(), failures.size() + " failures");
        assertEquals(Set.of(1, 3), levelsByCharacters, "close and differs (also: similar at two free-mail providers) read as characters");
        assertTrue(similar > 1_000, similar + " similar stored mailboxes, made strings for the given names");
        assertTrue(withoutString > 30_000, withoutString + " stored mailboxes compared without a string");
    }

    /** The edge cases by name: each against each, as strings and read as characters, the same level. */
    @Test
    void adversarialMailboxesHaveTheLevelsOfTheirStrings() {
        final EmailComparator comparator = new EmailComparator();
        final Comparison comparison = DefaultWeights.comparisonsFor(FIELDS, Nicknames.bundled()).get(EMAIL);
        final CandidateKeys room = new CandidateKeys(FIELDS.size());
        final CountingDecoder decoder = new CountingDecoder(FIELDS.size());
        final List<String> failures = new ArrayList<>();
        final List<String> values = new ArrayList<>(List.of(ADVERSARIAL));
        for (final String role : ROLES) {
            values.add(role + "@acme.de");
        }
        for (final String left : values) {
            for (final String right : values) {
                if (comparator.compareCharacters(left, new StringBuilder(right)) != comparator.compare(left, right)) {
                    failures.add(left + " / " + right + ": " + comparator.compareCharacters(left, new StringBuilder(right)) + " as characters, "
                            + comparator.compare(left, right) + " as strings");
                }
                final String[] leftKeys = {"john", "smith", left.isEmpty() ? null : left};
                final String[] rightKeys = {"jon", "smith", right.isEmpty() ? null : right};
                if (comparison.level(leftKeys, stored(room, rightKeys, leftKeys, decoder)) != comparison.level(leftKeys, rightKeys)) {
                    failures.add(left + " / " + right + ": " + comparison.level(leftKeys, stored(room, rightKeys, leftKeys, decoder))
                            + " from the stored bytes, " + comparison.level(leftKeys, rightKeys) + " from strings");
                }
            }
        }
        assertEquals(List.of(), failures, failures.size() + " failures");
        assertEquals(3, comparator.compareCharacters("john@gmail.com", new StringBuilder("john@yahoo.com")),
                "one name at two free-mail providers, read as characters");
        assertEquals(3, comparator.compareCharacters("sarah.young@outlook.com", new StringBuilder("sarah.young2@outlook.com")), "numbered apart");
        assertEquals(1, comparator.compareCharacters("jsmith1984@gmail.com", new StringBuilder("jsmith1948@gmail.com")), "a typo in the number");
        assertEquals(1, comparator.compareCharacters("john.smith@gmail.com", new StringBuilder("john.smith@gmial.com")), "a mistyped domain");
    }

    /**
     * A stored mailbox beyond ASCII (the member's UTF-8 bytes are not its characters) is made a string and compared as
     * one, also where it is the record's own: the same level, never one read from its bytes.
     */
    @Test
    void aStoredMailboxBeyondAsciiIsComparedAsItsString() {
        final Comparison comparison = DefaultWeights.comparisonsFor(FIELDS, Nicknames.bundled()).get(EMAIL);
        final CandidateKeys room = new CandidateKeys(FIELDS.size());
        final CountingDecoder decoder = new CountingDecoder(FIELDS.size());
        final String[] left = {"josé", "müller", "josé.müller@bücher.de"};
        final String[] same = {"josé", "müller", "josé.müller@bücher.de"};
        assertEquals(0, comparison.level(left, stored(room, same, left, decoder)), "the same mailbox, left as bytes, is the same");
        assertTrue(decoder.decodes(EMAIL) > 0);
        final String[] typo = {"josé", "müller", "josé.müler@bücher.de"};
        assertEquals(comparison.level(left, typo), comparison.level(left, stored(room, typo, left, decoder)));
        assertEquals(1, comparison.level(left, typo));
        final String[] ascii = {"jose", "muller", "jose.muller@bucher.de"};
        assertEquals(comparison.level(left, ascii), comparison.level(left, stored(room, ascii, left, decoder)));
        assertEquals(comparison.level(ascii, left), comparison.level(ascii, stored(room, left, ascii, decoder)));
    }

    /** A key as the store gives it back: an empty one is none, one is UTF-8 (a typo's lone surrogate is a question mark). */
    private static String key(final String value) {
        return value == null || value.isEmpty() ? null : new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static boolean single(final String key) {
        return key.indexOf(Comparison.VALUE_SEPARATOR) < 0;
    }

    private static boolean isAscii(final String value) {
        return value.chars().allMatch(c -> c < 0x80);
    }

    private static String name(final Random random, final String[] names) {
        final int pick = random.nextInt(names.length + 2);
        if (pick == names.length) {
            return null;
        }
        return pick == names.length + 1 ? names[random.nextInt(names.length)] + SEPARATOR + names[random.nextInt(names.length)] : names[pick];
    }

    /** A mailbox key: mostly made of names, numbers and a domain; sometimes a role's, an adversarial one, several, or none. */
    private static String mailbox(final Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> null;
            case 1 -> ADVERSARIAL[random.nextInt(ADVERSARIAL.length)];
            case 2 -> ROLES[random.nextInt(ROLES.length)] + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
            case 3 -> local(random) + "@" + DOMAINS[random.nextInt(DOMAINS.length)] + SEPARATOR + local(random) + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
            case 4 -> local(random);
            default -> local(random) + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
        };
    }

    private static String local(final Random random) {
        final StringBuilder local = new StringBuilder();
        final String given = GIVEN[random.nextInt(GIVEN.length)].replace(" ", "");
        final String family = FAMILY[random.nextInt(FAMILY.length)].replace(" ", "").replace("'", "");
        switch (random.nextInt(6)) {
            case 0 -> local.append(given).append('.').append(family);
            case 1 -> local.append(given).append(family);
            case 2 -> local.append(given.charAt(0)).append(family);
            case 3 -> local.append(family).append('_').append(given);
            case 4 -> local.append(given).append('-').append(family.charAt(0));
            default -> local.append(given);
        }
        if (random.nextInt(3) == 0) {
            local.append(random.nextInt(random.nextBoolean() ? 100 : 3000));
        }
        return local.toString();
    }

    /** Another mailbox for a pair with {@code mailbox}: itself, a typo of it, its local part elsewhere, renumbered, or another. */
    private static String alike(final Random random, final String mailbox) {
        if (mailbox == null || random.nextInt(5) == 0) {
            return mailbox(random);
        }
        final int at = mailbox.lastIndexOf('@');
        final String local = at < 0 ? mailbox : mailbox.substring(0, at);
        return switch (random.nextInt(7)) {
            case 0 -> mailbox;
            case 1, 2 -> typo(random, mailbox);
            case 3 -> local + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
            case 4 -> local.replaceAll("[0-9]", "") + random.nextInt(100) + (at < 0 ? "" : mailbox.substring(at));
            case 5 -> GIVEN[random.nextInt(GIVEN.length)].replace(" ", "") + local.substring(Math.min(local.length(), 1 + random.nextInt(4)))
                    + (at < 0 ? "" : mailbox.substring(at));
            default -> typo(random, typo(random, mailbox));
        };
    }

    /** One character changed, dropped, added, or two neighbours swapped. */
    private static String typo(final Random random, final String value) {
        if (value.length() < 2) {
            return value + "x";
        }
        return StoredKeys.typo(random, value, "aeiou.0123456789é", "abcxyz._-1@");
    }
}

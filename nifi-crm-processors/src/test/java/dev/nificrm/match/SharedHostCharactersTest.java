package dev.nificrm.match;

import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A free-mail host told from its characters where they are ({@link ComparisonKeys#isSharedHost(CharSequence, int, int)},
 * {@link EmailComparator#atTwoSharedHosts}): the answers of the strings the domains were cut into before (h259), for
 * generated and adversarial hosts (countries' suffixes, dots at either end and doubled, beyond ASCII), without a string.
 */
class SharedHostCharactersTest {
    private static final String[] HOSTS = {"gmail.com", "googlemail.com", "icloud.com", "wp.pl", "uol.com.br", "sites.google.com",
            "linktr.ee", "x.com", "acme.com", "example.org", "gmial.com", "bücher.de", "gmаil.com"};
    private static final String[] BRANDS = {"yahoo", "hotmail", "outlook", "live", "windowslive", "gmail", "googlemail", "aol", "gmx",
            "yandex", "yaho", "hotmai", "acme", "", "ÿahoo"};
    private static final String[] LABELS = {"com", "co", "uk", "fr", "br", "de", "c", "info", "acme", "", "ü", "😀", "com.", ".", ".."};
    private static final String[] ADVERSARIAL = {"", ".", "..", "yahoo", "yahoo.", "yahoo..", "yahoo...", "yahoo.fr.", "yahoo.fr..",
            "yahoo..fr", ".yahoo.fr", "yahoo.co.uk", "yahoo.co.uk.", "yahoo.co.uk.x", "yahoo.a.b.c", "yahoo.info", "yahoo.acme.com",
            "yahoo.fr.", "gmail.com.", "gmail.com", "GMAIL.COM", "hotmail.ü", "hotmail.😀", "yandex.ru", "yandex.ru.ru", "aol.c.d",
            "aol.c..", "aol..c", "live.com.br", "live.com.bra"};

    /** The strings' answer, as {@link ComparisonKeys#isSharedHost(String)} gave it before it read characters. */
    private static boolean byStrings(final String host) {
        if (ComparisonKeys.SHARED_HOSTS.contains(host)) {
            return true;
        }
        final int dot = host.indexOf('.');
        if (dot <= 0 || !ComparisonKeys.SHARED_HOST_BRANDS.contains(host.substring(0, dot))) {
            return false;
        }
        final String[] suffix = host.substring(dot + 1).split("\\.");
        if (suffix.length > 2) {
            return false;
        }
        for (final String label : suffix) {
            if (label.isEmpty() || label.length() > 3) {
                return false;
            }
        }
        return true;
    }

    /** {@link EmailComparator#atTwoSharedHosts} as it cut the domains into strings before. */
    private static boolean atTwoSharedHostsByStrings(final String left, final String right) {
        final String leftDomain = domainByString(left);
        final String rightDomain = domainByString(right);
        return leftDomain != null && rightDomain != null && !leftDomain.equals(rightDomain) && byStrings(leftDomain) && byStrings(rightDomain);
    }

    private static String domainByString(final String email) {
        final int at = email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1);
    }

    /** Generated and adversarial hosts, seeded, read from within longer characters: the answer of the string, both answers reached. */
    @Test
    void aHostReadAsCharactersHasTheAnswerOfItsString() {
        final Random random = new Random(259);
        final List<String> hosts = new ArrayList<>(List.of(ADVERSARIAL));
        hosts.addAll(List.of(HOSTS));
        for (int i = 0; i < 100_000; i++) {
            hosts.add(host(random));
        }
        final List<String> failures = new ArrayList<>();
        int shared = 0;
        for (final String host : hosts) {
            final boolean expected = byStrings(host);
            final StringBuilder around = new StringBuilder("john.smith@").append(host).append(".x@y");
            if (ComparisonKeys.isSharedHost(host) != expected || ComparisonKeys.isSharedHost(around, 11, 11 + host.length()) != expected) {
                failures.add(host + ": " + expected + " as a string");
            }
            shared += expected ? 1 : 0;
        }
        assertEquals(List.of(), failures.stream().limit(30).toList(), failures.size() + " failures");
        assertTrue(shared > 10_000 && shared < hosts.size() - 10_000, shared + " shared hosts of " + hosts.size());
    }

    /** Pairs of addresses at generated hosts, seeded: at two free-mail providers exactly where their domains' strings are. */
    @Test
    void twoAddressesAtTwoSharedHostsAsTheirStringsAre() {
        final Random random = new Random(2590);
        final List<String> failures = new ArrayList<>();
        int atTwo = 0;
        for (int i = 0; i < 100_000; i++) {
            final String left = address(random);
            final String right = random.nextInt(4) == 0 ? left : address(random);
            final boolean expected = atTwoSharedHostsByStrings(left, right);
            if (EmailComparator.atTwoSharedHosts(left, right) != expected || EmailComparator.atTwoSharedHosts(left, new StringBuilder(right)) != expected) {
                failures.add(left + " / " + right + ": " + expected + " as strings");
            }
            atTwo += expected ? 1 : 0;
        }
        assertEquals(List.of(), failures.stream().limit(30).toList(), failures.size() + " failures");
        assertTrue(atTwo > 5_000, atTwo + " pairs at two free-mail providers");
        assertTrue(EmailComparator.atTwoSharedHosts("wei.king@icloud.com", "wei.king@hotmail.co.uk"));
        assertFalse(EmailComparator.atTwoSharedHosts("wei.king@icloud.com", "wei.king@icloud.com"));
        assertFalse(EmailComparator.atTwoSharedHosts("wei.king@icloud.com", "wei.king@"));
        assertFalse(EmailComparator.atTwoSharedHosts("wei.king", "wei.king@gmail.com"));
    }

    /**
     * Comparing mailboxes at two free-mail providers cuts out no domain: a string of each domain and the labels of a
     * brand's country were made for each such pair (about 3 MB a batch of StoreBenchmark).
     */
    @Test
    void mailboxesAtTwoFreeMailProvidersAreComparedWithoutStrings() {
        final EmailComparator comparator = new EmailComparator();
        final StringBuilder stored = new StringBuilder("fatimahill33@yahoo.co.uk");
        final int[] sum = {0};
        final long allocated = ThreadAllocation.leastOf(4, () -> {
            for (int i = 0; i < 10_000; i++) {
                sum[0] += comparator.compare("wei.king@icloud.com", "wei.king@hotmail.fr") + comparator.compare("fatima.hill@icloud.com", "fatimahill33@yahoo.co.uk")
                        + comparator.compareCharacters("fatima.hill@gmail.com", stored);
            }
        });
        assertEquals(4 * 3 * 3 * 10_000, sum[0], "each pair differs: two sign-ups at two free-mail providers");
        assertTrue(allocated < 100_000, "allocated " + allocated + " bytes for 30,000 comparisons");
    }

    private static String host(final Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> HOSTS[random.nextInt(HOSTS.length)];
            case 1 -> BRANDS[random.nextInt(BRANDS.length)] + "." + LABELS[random.nextInt(LABELS.length)];
            case 2 -> BRANDS[random.nextInt(BRANDS.length)] + "." + LABELS[random.nextInt(LABELS.length)] + "." + LABELS[random.nextInt(LABELS.length)];
            default -> (random.nextBoolean() ? "." : "") + BRANDS[random.nextInt(BRANDS.length)] + "." + LABELS[random.nextInt(LABELS.length)] + "."
                    + LABELS[random.nextInt(LABELS.length)] + (random.nextBoolean() ? "." + LABELS[random.nextInt(LABELS.length)] : "");
        };
    }

    private static String address(final Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> host(random);
            case 1 -> "wei.king@";
            case 2 -> "a@b@" + host(random);
            default -> "wei.king@" + host(random);
        };
    }
}

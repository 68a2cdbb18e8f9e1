package dev.nificrm.match;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the heap PhoneticCodes holds at its bound: distinct name keys of 6 to 18 small letters (most given and family
 * names are 5 to 12), each asked for its Double Metaphone code (which keeps its transliteration skeleton with it) until
 * the bound is reached, the live heap measured after a full collection before and after (the name keys' own strings
 * counted: the codes keep them after the FlowFile that brought them is gone). Not a test; run from the test classes with
 * Commons Codec:
 * <pre>
 * java -Xmx512m -XX:+UseSerialGC -cp nifi-crm-processors/target/classes:nifi-crm-processors/target/test-classes:commons-codec.jar \
 *     dev.nificrm.match.PhoneticCodesMemoryDriver 100000
 * </pre>
 * 100,000 names: 18.5 MB (185 bytes a name: its string, code, skeleton, entry and table slots); 200,000 the same (the
 * bound). Before h294 (two maps, a code's and a skeleton's): skeletons 13.7 MB, codes 14.9 MB, both 24.8 MB.
 */
final class PhoneticCodesMemoryDriver {
    private PhoneticCodesMemoryDriver() {
    }

    public static void main(final String[] arguments) {
        final int names = Integer.parseInt(arguments[0]);
        final SplittableRandom random = new SplittableRandom(20261206);
        final String consonants = "bcdfghjklmnprstvwz";
        final String vowels = "aeiou";
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final long before = live(memory);
        final PhoneticCodes codes = new PhoneticCodes();
        final List<String> kept = new ArrayList<>();
        for (int name = 0; name < names; name++) {
            final int length = 5 + random.nextInt(7);
            final StringBuilder builder = new StringBuilder(length);
            for (int at = 0; at < length; at++) {
                final String letters = at % 2 == 0 ? consonants : vowels;
                builder.append(letters.charAt(random.nextInt(letters.length())));
            }
            // distinct: the name's number in vowels after it (two to four letters more)
            for (int rest = name; rest > 0 || builder.length() == length; rest /= vowels.length()) {
                builder.append(vowels.charAt(rest % vowels.length()));
            }
            codes.code(builder.toString());
        }
        final long after = live(memory);
        kept.add(codes.toString());
        System.out.printf(Locale.ROOT, "%,d names (%,d kept): %,d bytes, %.0f bytes a name%n", names, codes.remembered(), after - before,
                (double) (after - before) / Math.min(names, codes.remembered()));
    }

    private static long live(final MemoryMXBean memory) {
        for (int round = 0; round < 4; round++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}

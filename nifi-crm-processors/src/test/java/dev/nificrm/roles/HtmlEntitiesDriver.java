package dev.nificrm.roles;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times {@link HtmlEntities#decode} as the keys call it, once per name, street or city of every record: names as a CRM
 * holds them, most without an entity (nine of ten plain, ASCII or accented, or with a bare {@code &}), one of ten escaped
 * (named, numbered, in capitals, escaped twice), 200,000 values decoded 25 times, every decoder warmed up first; the
 * nanoseconds a value, plain and escaped apart, each round's and the fastest of three. Not a test; run from the test classes with Commons Text, and for an A/B
 * the class names of other decoders with a static {@code decode(String)} (a copy of an earlier one put in the test
 * classes), measured alternately, three rounds each:
 * <pre>
 * java -Xmx512m -cp nifi-crm-processors/target/classes:nifi-crm-processors/target/test-classes:commons-text.jar:commons-lang3.jar \
 *     dev.nificrm.roles.HtmlEntitiesDriver [dev.nificrm.roles.HtmlEntitiesBefore]
 * </pre>
 */
final class HtmlEntitiesDriver {
    private static final String[] PLAIN = {"O'Brien", "Müller", "García López", "Smith & Sons", "AT&T", "Mary Ann", "Jérôme",
            "Kamlit & Venvel GmbH", "Rue de l'Église 4", "Dvořák", "Johnson", "1200 Market Street", "São Paulo", "R&D Systems"};
    private static final String[] ESCAPED = {"O&#39;Brien", "M&uuml;ller", "Garc&iacute;a&nbsp;L&oacute;pez", "Smith &amp; Sons",
            "AT&amp;T", "Mary&nbsp;Ann", "J&#233;r&#244;me", "Kamlit &AMP; Venvel GmbH", "Rue de l&amp;#39;&Eacute;glise 4",
            "Dvo&rcaron;&aacute;k", "O&apos;Connor", "D&#x27;Angelo", "&quot;Brenlo&quot; Trading", "Zo&amp;euml;"};
    private static final int VALUES = 200_000;
    private static final int ROUNDS = 25;

    private HtmlEntitiesDriver() {
    }

    public static void main(final String[] arguments) throws Throwable {
        final List<String> decoders = new ArrayList<>(List.of(HtmlEntities.class.getName()));
        decoders.addAll(List.of(arguments));
        final List<MethodHandle> decodes = new ArrayList<>();
        for (final String decoder : decoders) {
            decodes.add(MethodHandles.privateLookupIn(Class.forName(decoder), MethodHandles.lookup())
                    .findStatic(Class.forName(decoder), "decode", MethodType.methodType(String.class, String.class)));
        }
        final SplittableRandom random = new SplittableRandom(20261206);
        final String[] plain = new String[VALUES];
        final String[] escaped = new String[VALUES / 10];
        for (int at = 0; at < plain.length; at++) {
            // new strings, as each record's are
            plain[at] = new String(PLAIN[random.nextInt(PLAIN.length)].toCharArray());
        }
        for (int at = 0; at < escaped.length; at++) {
            escaped[at] = new String(ESCAPED[random.nextInt(ESCAPED.length)].toCharArray());
        }
        // every decoder warmed up first, so none is measured while the driver's own code is compiled
        for (final MethodHandle decode : decodes) {
            time(decode, plain, ROUNDS);
            time(decode, escaped, ROUNDS);
        }
        final double[][] fastest = new double[decodes.size()][];
        for (int round = 0; round < 3; round++) {
            for (int decoder = 0; decoder < decodes.size(); decoder++) {
                final MethodHandle decode = decodes.get(decoder);
                final double plainNanos = time(decode, plain, ROUNDS);
                final double escapedNanos = time(decode, escaped, ROUNDS);
                System.out.printf(Locale.ROOT, "round %d %-40s plain %6.1f ns, escaped %6.1f ns a value%n", round + 1, decoders.get(decoder),
                        plainNanos, escapedNanos);
                fastest[decoder] = fastest[decoder] == null ? new double[] {plainNanos, escapedNanos}
                        : new double[] {Math.min(fastest[decoder][0], plainNanos), Math.min(fastest[decoder][1], escapedNanos)};
            }
        }
        for (int decoder = 0; decoder < decodes.size(); decoder++) {
            System.out.printf(Locale.ROOT, "fastest %-40s plain %6.1f ns, escaped %6.1f ns a value%n", decoders.get(decoder),
                    fastest[decoder][0], fastest[decoder][1]);
        }
    }

    /** The nanoseconds a value, decoding every value {@code rounds} times; what was decoded is kept, so none is left out. */
    private static double time(final MethodHandle decode, final String[] values, final int rounds) throws Throwable {
        long length = 0;
        final long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (final String value : values) {
                length += ((String) decode.invokeExact(value)).length();
            }
        }
        final long nanos = System.nanoTime() - start;
        if (length == 0) {
            throw new IllegalStateException("nothing decoded");
        }
        return (double) nanos / rounds / values.length;
    }
}

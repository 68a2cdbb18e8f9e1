package dev.nificrm.clean;

/**
 * Reads the ASCII form of an internationalised domain name ({@code xn--} labels, RFC 3492 Punycode) as the Unicode
 * letters it encodes, so that one domain has one form: {@code xn--bcher-kva.de} is {@code bücher.de}. Shared by cleaning
 * and matching, so that both read {@code jane@xn--bcher-kva.de} and {@code jane@bücher.de} as one mailbox.
 * <p>
 * A label is an {@code xn--} label only when it decodes to a label holding a character beyond ASCII that is its own
 * UTS #46 mapping (lower case but Cherokee's capitals, composed: {@link DomainMapping}), as IDNA 2008 defines one;
 * anything else ({@code xn--bcher-kv}, cut short; {@code xn--abc-}, which encodes only ASCII) is no domain label, and {@link #toUnicode} says so with null rather than keeping it or throwing. The labels are
 * decoded as written, without IDNA 2003's mapping ({@code xn--strae-oqa} is {@code straße}, not {@code strasse}), which
 * {@link java.net.IDN} applies and for which it refuses such labels.
 * <pre>
 * InternationalDomains.toUnicode("mail.xn--bcher-kva.de") → "mail.bücher.de"
 * InternationalDomains.toUnicode("example.com")           → "example.com" (the same instance)
 * InternationalDomains.toUnicode("xn--bcher-kv.de")       → null
 * </pre>
 */
public final class InternationalDomains {
    private static final String ACE_PREFIX = "xn--";
    private static final int BASE = 36;
    private static final int T_MIN = 1;
    private static final int T_MAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 0x80;

    private InternationalDomains() {
    }

    /** Whether the lower-case domain has an {@code xn--} label, which {@link #toUnicode} would decode. */
    public static boolean hasAsciiLabel(final String domain) {
        return domain.startsWith(ACE_PREFIX) || domain.contains("." + ACE_PREFIX);
    }

    /**
     * The lower-case domain with each {@code xn--} label decoded; the domain itself when it has none; null when such a
     * label encodes no valid label (bad Punycode, only ASCII, upper-case or decomposed letters).
     */
    public static String toUnicode(final String domain) {
        if (!hasAsciiLabel(domain)) {
            return domain;
        }
        final StringBuilder unicode = new StringBuilder(domain.length());
        int start = 0;
        while (start <= domain.length()) {
            int end = domain.indexOf('.', start);
            if (end < 0) {
                end = domain.length();
            }
            if (domain.startsWith(ACE_PREFIX, start) && end > start + ACE_PREFIX.length()) {
                final String label = decode(domain, start + ACE_PREFIX.length(), end);
                if (label == null || !isLabel(label)) {
                    return null;
                }
                unicode.append(label);
            } else {
                unicode.append(domain, start, end);
            }
            if (end < domain.length()) {
                unicode.append('.');
            }
            start = end + 1;
        }
        return unicode.toString();
    }

    /**
     * Whether a decoded label is one IDNA 2008 writes as {@code xn--}: beyond ASCII, and its own UTS #46 mapping (lower
     * case but Cherokee's capitals, composed), which {@link DomainMapping} gives.
     */
    private static boolean isLabel(final String label) {
        return DomainMapping.isBeyondAscii(label, 0) && DomainMapping.map(label).equals(label);
    }

    /**
     * RFC 3492's decoding of the Punycode between {@code start} and {@code end} (after the {@code xn--}): the basic code
     * points before the last hyphen, then the others inserted where their deltas say; null for a malformed code.
     */
    private static String decode(final String text, final int start, final int end) {
        final int delimiter = text.lastIndexOf('-', end - 1);
        final int basicEnd = delimiter >= start ? delimiter : start;
        if (delimiter == start) {
            // an encoder writes the hyphen only after basic code points
            return null;
        }
        final int[] output = new int[end - start];
        int length = 0;
        for (int i = start; i < basicEnd; i++) {
            final char c = text.charAt(i);
            if (c >= INITIAL_N) {
                return null;
            }
            output[length++] = c;
        }
        int n = INITIAL_N;
        int bias = INITIAL_BIAS;
        int index = 0;
        int in = basicEnd > start ? basicEnd + 1 : start;
        while (in < end) {
            final int oldIndex = index;
            int weight = 1;
            for (int k = BASE; ; k += BASE) {
                if (in >= end) {
                    return null;
                }
                final int digit = digit(text.charAt(in++));
                if (digit < 0 || digit > (Integer.MAX_VALUE - index) / weight) {
                    return null;
                }
                index += digit * weight;
                final int threshold = k <= bias ? T_MIN : Math.min(k - bias, T_MAX);
                if (digit < threshold) {
                    break;
                }
                if (weight > Integer.MAX_VALUE / (BASE - threshold)) {
                    return null;
                }
                weight *= BASE - threshold;
            }
            bias = adapt(index - oldIndex, length + 1, oldIndex == 0);
            if (index / (length + 1) > Integer.MAX_VALUE - n) {
                return null;
            }
            n += index / (length + 1);
            index %= length + 1;
            if (n > Character.MAX_CODE_POINT || n >= Character.MIN_SURROGATE && n <= Character.MAX_SURROGATE || length == output.length) {
                return null;
            }
            System.arraycopy(output, index, output, index + 1, length - index);
            output[index++] = n;
            length++;
        }
        return new String(output, 0, length);
    }

    /**
     * RFC 3492's encoding of a label's code points (without the {@code xn--}): the basic code points, a hyphen after them
     * when there are any, then the deltas of the others; what {@link #toUnicode} decodes back. Its length is the label's
     * in DNS, where a label has 63 characters at most.
     */
    static String encode(final String label) {
        final int[] points = label.codePoints().toArray();
        final StringBuilder output = new StringBuilder(label.length() * 2);
        for (final int point : points) {
            if (point < INITIAL_N) {
                output.append((char) point);
            }
        }
        final int basic = output.length();
        if (basic > 0) {
            output.append('-');
        }
        int n = INITIAL_N;
        long delta = 0;
        int bias = INITIAL_BIAS;
        int handled = basic;
        while (handled < points.length) {
            int next = Integer.MAX_VALUE;
            for (final int point : points) {
                if (point >= n && point < next) {
                    next = point;
                }
            }
            delta += (long) (next - n) * (handled + 1);
            n = next;
            for (final int point : points) {
                if (point < n) {
                    delta++;
                } else if (point == n) {
                    long q = delta;
                    for (int k = BASE; ; k += BASE) {
                        final int threshold = k <= bias ? T_MIN : Math.min(k - bias, T_MAX);
                        if (q < threshold) {
                            break;
                        }
                        output.append(encodeDigit((int) (threshold + (q - threshold) % (BASE - threshold))));
                        q = (q - threshold) / (BASE - threshold);
                    }
                    output.append(encodeDigit((int) q));
                    bias = adapt((int) delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return output.toString();
    }

    private static char encodeDigit(final int digit) {
        return (char) (digit < 26 ? 'a' + digit : '0' + digit - 26);
    }

    private static int digit(final char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        return -1;
    }

    private static int adapt(final int delta, final int points, final boolean first) {
        int scaled = first ? delta / DAMP : delta / 2;
        scaled += scaled / points;
        int k = 0;
        while (scaled > ((BASE - T_MIN) * T_MAX) / 2) {
            scaled /= BASE - T_MIN;
            k += BASE;
        }
        return k + (BASE - T_MIN + 1) * scaled / (scaled + SKEW);
    }
}

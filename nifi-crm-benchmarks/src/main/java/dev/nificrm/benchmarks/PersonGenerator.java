package dev.nificrm.benchmarks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates realistic person records with known duplicates: a population of people (Zipf-distributed first names,
 * surnames and cities, so that common values are common) of which a share appears more than once, each copy damaged
 * by the errors CRM data has: typos in names, swapped first and last name, nicknames, missing fields, phones and dates
 * written in another format, a mistyped date digit, an email at another domain or with a typo.
 * <p>
 * The same seed gives the same records. Each record carries its person's number as the truth.
 */
public final class PersonGenerator {
    /** The fields of a generated record, in order. */
    public static final List<String> FIELDS = List.of("first_name", "last_name", "email", "phone", "city", "postal_code", "birth_date");

    private static final String[] FIRST_NAMES = ("james mary robert patricia john jennifer michael linda william elizabeth david barbara "
            + "richard susan joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony margaret "
            + "mark sandra donald ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian "
            + "melissa george deborah timothy stephanie ronald rebecca edward sharon jason laura jeffrey cynthia ryan kathleen jacob "
            + "amy gary angela nicholas shirley eric anna jonathan brenda stephen pamela larry emma justin nicole scott helen "
            + "brandon samantha benjamin katherine samuel christine gregory debra alexander rachel frank carolyn patrick janet "
            + "raymond catherine jack maria dennis heather jerry diane tyler ruth aaron julie jose olivia adam joyce henry virginia "
            + "nathan victoria douglas kelly zachary lauren peter christina kyle joan noah evelyn ethan judith jeremy megan walter "
            + "andrea christian cheryl keith hannah roger jacqueline terry martha austin gloria sean teresa gerald ann carl sara "
            + "harold madison dylan frances arthur kathryn lawrence janice jordan jean jesse abigail bryan alice billy judy bruce "
            + "sophia gabriel grace joe denise logan amber albert doris willie marilyn alan danielle eugene beverly russell isabella "
            + "vincent theresa philip diana bobby natalie johnny brittany bradley charlotte roy marie ralph kayla wei mei hiroshi "
            + "yuki ahmed fatima mohammed aisha raj priya carlos lucia juan sofia luis camila diego valentina ivan olga sergei "
            + "natalia pierre camille hans greta lars ingrid").split(" ");
    private static final String[][] NICKNAMES = {{"robert", "bob"}, {"william", "bill"}, {"elizabeth", "liz"}, {"james", "jim"},
            {"richard", "rick"}, {"michael", "mike"}, {"joseph", "joe"}, {"thomas", "tom"}, {"christopher", "chris"},
            {"daniel", "dan"}, {"matthew", "matt"}, {"anthony", "tony"}, {"katherine", "kate"}, {"jennifer", "jen"},
            {"margaret", "peggy"}, {"edward", "ted"}, {"samuel", "sam"}, {"alexander", "alex"}, {"benjamin", "ben"}};
    private static final String[] SYLLABLES = ("an ber car den el fer gar han ing jor kel lam mar nor ol per quin ros sal tan ul "
            + "ven wil xan yor zel bro chi dra fen gro hil kov lin mor nak ost pra rid son tur vik wen").split(" ");
    private static final String[] SURNAME_ENDINGS = {"", "s", "son", "er", "ski", "ez", "ov", "man", "ton", "ley", "berg", "ini"};
    private static final String[] DOMAINS = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "example.org",
            "mail.com", "proton.me"};

    private final SplittableRandom random;
    private final Set<String> usedEmails = new HashSet<>();
    private final String[] surnames;
    private final String[] cities;
    private final String[] cityPostcodePrefixes;
    private final double[] firstNameWeights;
    private final double[] surnameWeights;
    private final double[] cityWeights;

    public PersonGenerator(final long seed) {
        this.random = new SplittableRandom(seed);
        this.surnames = new String[60_000];
        for (int i = 0; i < surnames.length; i++) {
            surnames[i] = opening() + syllables(1 + (i % 3 == 0 ? 1 : 0)) + SURNAME_ENDINGS[random.nextInt(SURNAME_ENDINGS.length)];
        }
        this.cities = new String[2_000];
        this.cityPostcodePrefixes = new String[cities.length];
        for (int i = 0; i < cities.length; i++) {
            cities[i] = syllables(2) + (i % 4 == 0 ? " " + syllables(1) : "");
            // ZIP codes run from 00501 (Holtsville NY) to 99950 (Ketchikan AK): a city's first three digits are 006 to 998, one
            // drawn outside taking the nearest, so that no random code is one no ZIP has (the errors are the copies')
            cityPostcodePrefixes[i] = String.format(Locale.ROOT, "%03d", Math.min(Math.max(random.nextInt(1000), 6), 998));
        }
        // exponents chosen so that the commonest first name is about 3% and the commonest surname about 1% of people
        this.firstNameWeights = zipf(FIRST_NAMES.length, 0.6);
        this.surnameWeights = zipf(surnames.length, 0.8);
        this.cityWeights = zipf(cities.length, 0.9);
    }

    /**
     * Generates {@code count} records of which about {@code duplicateShare} are extra copies of earlier people.
     *
     * @param sink receives each record's values (in {@link #FIELDS} order) and its person number
     */
    public void generate(final int count, final double duplicateShare, final RecordSink sink) {
        int person = 0;
        int produced = 0;
        while (produced < count) {
            final String[] original = person();
            sink.accept(original, person);
            produced++;
            if (random.nextDouble() < duplicateShare / (1 - duplicateShare) / 1.6) {
                final int copies = random.nextDouble() < 0.7 ? 1 : 1 + random.nextInt(3);
                for (int copy = 0; copy < copies && produced < count; copy++) {
                    sink.accept(damage(original), person);
                    produced++;
                }
            }
            person++;
        }
    }

    private String[] person() {
        final String first = FIRST_NAMES[pick(firstNameWeights)];
        final String last = surnames[pick(surnameWeights)];
        final int city = pick(cityWeights);
        final int year = 1940 + random.nextInt(66);
        final int month = 1 + random.nextInt(12);
        final int day = 1 + random.nextInt(28);
        final String domain = "@" + DOMAINS[random.nextInt(DOMAINS.length)];
        String email = switch (random.nextInt(3)) {
            case 0 -> first + "." + last;
            case 1 -> first.charAt(0) + last + random.nextInt(100);
            default -> first + last.charAt(0) + random.nextInt(1000);
        };
        // a mailbox belongs to one person: a taken address gets digits, as the provider would insist
        while (!usedEmails.add(email + domain)) {
            email = email + random.nextInt(10);
        }
        email = email + domain;
        final int area = northAmericanPart(random);
        final int exchange = northAmericanPart(random);
        final int line = random.nextInt(10_000);
        final String phone = String.format(Locale.ROOT, "(%03d) %03d-%04d", area, exchange, line);
        return new String[] {capitalise(first), capitalise(last), email, phone, capitalise(cities[city]),
                cityPostcodePrefixes[city] + String.format(Locale.ROOT, "%02d", random.nextInt(100)),
                String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day)};
    }

    /**
     * A copy of a record (values in {@link #FIELDS} order) with one to three errors of the kinds CRM data has: a typo in a
     * name, email or city, first and last name swapped, a nickname, a missing field, the phone or the birth date written
     * another way, a mistyped date digit, an email at another domain.
     */
    public String[] damage(final String[] original) {
        final String[] copy = original.clone();
        final int errors = 1 + random.nextInt(3);
        for (int error = 0; error < errors; error++) {
            switch (random.nextInt(9)) {
                case 0 -> copy[0] = typo(copy[0]);
                case 1 -> copy[1] = typo(copy[1]);
                case 2 -> {
                    final String first = copy[0];
                    copy[0] = copy[1];
                    copy[1] = first;
                }
                case 3 -> copy[0] = nickname(copy[0]);
                case 4 -> copy[random.nextInt(copy.length)] = null;
                case 5 -> copy[3] = reformatPhone(original[3]);
                case 6 -> copy[6] = random.nextBoolean() ? reformatDate(original[6]) : typoDigit(original[6]);
                case 7 -> copy[2] = copy[2] == null ? null : random.nextBoolean() ? typo(copy[2])
                        : copy[2].substring(0, copy[2].indexOf('@') + 1) + DOMAINS[random.nextInt(DOMAINS.length)];
                default -> copy[4] = copy[4] == null ? null : typo(copy[4]);
            }
        }
        return copy;
    }

    private String typo(final String value) {
        if (value == null || value.length() < 3) {
            return value;
        }
        final int position = 1 + random.nextInt(value.length() - 2);
        final char[] chars = value.toCharArray();
        return switch (random.nextInt(3)) {
            case 0 -> value.substring(0, position) + value.substring(position + 1);
            case 1 -> {
                final char swap = chars[position];
                chars[position] = chars[position + 1];
                chars[position + 1] = swap;
                yield new String(chars);
            }
            default -> value.substring(0, position) + (char) ('a' + random.nextInt(26)) + value.substring(position);
        };
    }

    private String nickname(final String first) {
        if (first == null) {
            return null;
        }
        final String lower = first.toLowerCase(Locale.ROOT);
        for (final String[] pair : NICKNAMES) {
            if (pair[0].equals(lower)) {
                return capitalise(pair[1]);
            }
        }
        return first.substring(0, 1) + ".";
    }

    /**
     * A +1 area code or exchange: 200 to 999, but never an N11 service code (211 to 911), which no area's number has; one
     * drawn so is the next ({@code 411} → {@code 412}), so that the draws, and every other value of the seed, stay the same.
     */
    static int northAmericanPart(final SplittableRandom random) {
        final int part = 200 + random.nextInt(800);
        return part % 100 == 11 ? part + 1 : part;
    }

    private String reformatPhone(final String phone) {
        final String digits = phone.replaceAll("[^0-9]", "");
        return switch (random.nextInt(3)) {
            case 0 -> "+1 " + digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
            case 1 -> digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6);
            default -> "1-" + digits.substring(0, 3) + "-" + digits.substring(3, 6) + "-" + digits.substring(6);
        };
    }

    private String reformatDate(final String date) {
        return date.substring(5, 7) + "/" + date.substring(8, 10) + "/" + date.substring(0, 4);
    }

    private String typoDigit(final String date) {
        final int position = 2 + random.nextInt(2) * 6 + random.nextInt(2);
        final char[] chars = date.toCharArray();
        chars[position] = (char) ('0' + random.nextInt(10));
        return new String(chars);
    }

    /** A consonant, a vowel and a consonant: surnames start in many different ways, as real ones do. */
    private String opening() {
        final String consonants = "bcdfghjklmnprstvwz";
        final String vowels = "aeiouy";
        return "" + consonants.charAt(random.nextInt(consonants.length())) + vowels.charAt(random.nextInt(vowels.length()))
                + consonants.charAt(random.nextInt(consonants.length()));
    }

    private String syllables(final int count) {
        final StringBuilder builder = new StringBuilder();
        for (int i = 0; i < count; i++) {
            builder.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return builder.toString();
    }

    private int pick(final double[] cumulative) {
        final double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            final int middle = (low + high) >>> 1;
            if (cumulative[middle] < target) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static double[] zipf(final int size, final double exponent) {
        final double[] cumulative = new double[size];
        double total = 0;
        for (int rank = 0; rank < size; rank++) {
            total += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = total;
        }
        return cumulative;
    }

    private static String capitalise(final String value) {
        final List<String> words = new ArrayList<>();
        for (final String word : value.split(" ")) {
            words.add(word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return String.join(" ", words);
    }

    /** Receives generated records. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(String[] values, int person);
    }
}

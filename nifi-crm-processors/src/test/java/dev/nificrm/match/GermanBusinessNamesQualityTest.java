package dev.nificrm.match;

import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated businesses of Germany, Austria and Switzerland (company name, city, postal code), each written by one to three
 * sources, with the kinds of errors their names have: a saint written out, short, spaced or glued to the name by its dot
 * ({@code Sankt Georg}, {@code Skt. Georg}, {@code St. Georg}, {@code St.Georg}, {@code St.-Georg-}); the legal form
 * written one of its ways or dropped ({@code e.K.}/{@code e. K.}/{@code e.Kfm.}, {@code UG (haftungsbeschränkt)}/{@code UG},
 * {@code gGmbH}, {@code eG}, {@code Ges.m.b.H.}/{@code GmbH}); and look-alikes: businesses of one trade named after
 * another saint in the same city ({@code St. Anna Apotheke}) and namesakes: a saint and a trade in one city are not
 * always one business, and with the legal form dropped only the postal code tells them apart. Prints precision and recall.
 */
class GermanBusinessNamesQualityTest {
    private static final String[] SAINT_WRITINGS = {"Sankt ", "St. ", "St.", "Skt. ", "St.-"};
    private static final String[] SAINT_NAMES = {"Georg", "Anna", "Martin", "Michael", "Peter", "Paul", "Johannes", "Marien", "Elisabeth",
            "Nikolaus", "Jakob", "Ulrich", "Florian", "Hubertus", "Barbara", "Josef", "Franziskus", "Gallus", "Veit", "Leonhard"};
    private static final String[] TRADES = {"Apotheke", "Bäckerei", "Buchhandlung", "Gärtnerei", "Metzgerei", "Brauerei", "Kellerei",
            "Zahnarztpraxis", "Pflegedienst", "Reisebüro", "Schreinerei", "Optik"};
    private static final String[] SYLLABLES = {"ber", "hof", "stein", "mann", "lin", "gar", "wal", "den", "ro", "ler", "kam", "bur",
            "ten", "dor", "sel", "ma", "rit", "zen", "hau", "ser", "bach", "feld", "mo", "nig", "tal", "wei", "ha", "gen", "bru", "ck"};
    private static final String[][] LEGAL_FORMS = {{"e.K.", "e. K.", "e.Kfm.", "eK"}, {"e.K.", "e.Kfr.", "e. Kfr."},
            {"UG (haftungsbeschränkt)", "UG (haftungsbeschr.)", "UG"}, {"gGmbH", "g GmbH"}, {"eG"}, {"Ges.m.b.H.", "GesmbH", "GmbH"},
            {"GmbH", "G.m.b.H."}, {"UG (haftungsbeschränkt) & Co. KG", "UG & Co. KG"}, {"PartG mbB", "PartG"}};

    @Test
    void sourcesWritingSaintsAndLegalFormsTheirWaysMeetFloors() {
        final Random random = new Random(20_261_203L);
        final List<String[]> records = new ArrayList<>();
        final List<String> entities = new ArrayList<>();
        for (int business = 0; business < 3000; business++) {
            final int place = random.nextInt(60);
            final String city = word(new Random(place));
            final String postalCode = String.valueOf(10_000 + place * 1_000 + random.nextInt(8) * 10);
            final String trade = TRADES[random.nextInt(TRADES.length)];
            final boolean saint = random.nextDouble() < 0.15;
            final String name = saint ? SAINT_NAMES[random.nextInt(SAINT_NAMES.length)]
                    : word(random) + (random.nextBoolean() ? " & " + word(random) : "");
            final String[] legalForm = LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)];
            final boolean tradeFirst = random.nextBoolean();
            final int copies = 1 + random.nextInt(3);
            for (int copy = 0; copy < copies; copy++) {
                final String written = saint ? SAINT_WRITINGS[random.nextInt(SAINT_WRITINGS.length)] + name : name;
                final String form = random.nextDouble() < 0.25 ? "" : " " + legalForm[random.nextInt(legalForm.length)];
                records.add(new String[] {(tradeFirst ? trade + " " + written : written + " " + trade) + form, city,
                        random.nextDouble() < 0.2 ? null : postalCode});
                entities.add("b" + business);
            }
        }
        final List<MatchField> fields = List.of(MatchField.of(Role.COMPANY), MatchField.of(Role.CITY), MatchField.of(Role.POSTAL_CODE));
        final Matcher matcher = new Matcher(fields, MatchSettings.defaults(), "DE");
        final CandidateIndex index = matcher.newIndex();
        for (final String[] values : records) {
            index.add(matcher.keys(values));
        }
        final EvaluationData.Quality quality = EvaluationData.pairwise(new EvaluationData.Run(matcher.match(index)).clusterIds(), entities);
        System.out.println("generated DACH businesses, saints and legal forms (defaults): " + quality);
        assertTrue(quality.precision() >= 0.998, "precision " + quality);
        assertTrue(quality.recall() >= 0.60, "recall " + quality);
    }

    /** A made-up surname or place of two or three syllables. */
    private static String word(final Random random) {
        final StringBuilder word = new StringBuilder();
        for (int syllable = 2 + random.nextInt(2); syllable > 0; syllable--) {
            word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}

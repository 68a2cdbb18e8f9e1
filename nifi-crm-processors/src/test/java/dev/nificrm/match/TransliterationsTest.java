package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TransliterationsTest {

    @Test
    void theSkeletonsStartIsTheFirstLetterOfTheSkeleton() {
        for (final String name : List.of("jurij", "yuri", "yelena", "elena", "djamila", "schmidt", "khaled", "chalid", "philipp", "youssef",
                "oussama", "wladimir", "xavier", "qasim", "yves", "jean", "djeh", "yeva", "ivan", "jan", "yan", "ian", "")) {
            assertEquals(startOf(name), Transliterations.skeletonStart(name), name);
        }
        // every beginning the skeleton writes otherwise (digraphs, y and e, short names), over random names of 0 to 9 letters
        final Random random = new Random(20261206);
        final char[] letters = "schkdjpouyewxqa -".toCharArray();
        for (int n = 0; n < 500_000; n++) {
            final char[] name = new char[random.nextInt(10)];
            for (int i = 0; i < name.length; i++) {
                name[i] = letters[random.nextInt(letters.length)];
            }
            final String value = new String(name);
            assertEquals(startOf(value), Transliterations.skeletonStart(value), value);
        }
    }

    private static char startOf(final String name) {
        final String skeleton = Transliterations.skeleton(name);
        return skeleton == null ? 0 : skeleton.charAt(0);
    }
}

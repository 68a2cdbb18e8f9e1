package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StringNumbersTest {

    @Test
    void numbersStringsInTheOrderFirstSeen() {
        final StringNumbers numbers = new StringNumbers(4);
        assertEquals(0, numbers.numberOf("smith|1980"));
        assertEquals(1, numbers.numberOf("chen|1990"));
        assertEquals(0, numbers.numberOf(new String("smith|1980".toCharArray())), "an equal string, not the same object");
        assertEquals(2, numbers.size());
    }

    @Test
    void stringsWithOneHashAreApart() {
        // "Aa" and "BB" have the same String.hashCode, and so do all their concatenations of one length
        final StringNumbers numbers = new StringNumbers(2);
        final String[] colliding = {"AaAa", "AaBB", "BBAa", "BBBB"};
        for (int i = 0; i < colliding.length; i++) {
            assertEquals(i, numbers.numberOf(colliding[i]));
        }
        for (int i = 0; i < colliding.length; i++) {
            assertEquals(i, numbers.numberOf(colliding[i]));
        }
    }

    @Test
    void findsANumberWithoutGivingOne() {
        final StringNumbers numbers = new StringNumbers(2);
        assertEquals(-1, numbers.indexOf("smith"));
        assertEquals(0, numbers.numberOf("smith"));
        assertEquals(1, numbers.numberOf("chen"));
        assertEquals(1, numbers.indexOf(new String("chen".toCharArray())));
        assertEquals(-1, numbers.indexOf("jones"));
        assertEquals(2, numbers.size(), "looking a string up does not number it");
        for (int i = 0; i < 1_000; i++) {
            numbers.numberOf("n" + i);
        }
        assertEquals(0, numbers.indexOf("smith"), "numbers outlast the table growing");
        assertEquals(501, numbers.indexOf("n499"));
        assertEquals(-1, numbers.indexOf("n1000"));
    }

    @Test
    void keepsEveryNumberAsItGrowsAsAMapWould() {
        final StringNumbers numbers = new StringNumbers(8);
        final Map<String, Integer> expected = new HashMap<>();
        final Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            final String key = Integer.toString(random.nextInt(50_000), 36);
            final Integer number = expected.computeIfAbsent(key, k -> expected.size());
            assertEquals(number, numbers.numberOf(key), key);
        }
        assertEquals(expected.size(), numbers.size());
        expected.forEach((key, number) -> assertEquals(number, numbers.numberOf(key), key));
    }

    @Test
    void numbersCharactersByTheHashTheirWriterGivesAsByTheirOwn() {
        final StringNumbers given = new StringNumbers(8);
        final StringNumbers own = new StringNumbers(8);
        final Random random = new Random(298);
        final StringBuilder chars = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            chars.setLength(0);
            chars.append(Integer.toString(random.nextInt(20_000), 36)).append('|');
            final int number = own.numberOf(chars);
            assertEquals(number, given.numberOf(chars, chars.toString().hashCode()), chars::toString);
            if (number == own.size() - 1) {
                assertEquals(own.lastAdded(), given.lastAdded());
            }
        }
        assertEquals(own.size(), given.size());
    }
}

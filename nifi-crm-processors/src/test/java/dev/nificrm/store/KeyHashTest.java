package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hasher that writes keys into a buffer of its own gives every key the hash {@link KeyHash#block} and {@link KeyHash#term} give it. */
class KeyHashTest {
    private static final List<String> NAMES = List.of("", "a", "last_name~phonetic+postal_code", "first_initial+birth_date", "ümlaut+名前");
    private static final char[] ALPHABET = {'a', 'Z', '0', '|', ' ', '\u0000', '\u001F', 'é', 'ß', 'ø', '\u07FF', '\u0800', '名', '\uFFFF',
        '\uD83D', '\uDE00', '\uDBFF', '\uDC00'};

    @Test
    void hashesEveryKeyAsTheTextDoes() {
        final KeyHash.Hasher blocks = KeyHash.Hasher.blocks(NAMES);
        final KeyHash.Hasher terms = KeyHash.Hasher.terms(NAMES);
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 20_000; round++) {
            final char[] text = new char[random.nextInt(round < 10_000 ? 40 : 400)];
            for (int i = 0; i < text.length; i++) {
                text[i] = random.nextInt(4) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : (char) ('a' + random.nextInt(26));
            }
            final String key = new String(text);
            final int kind = random.nextInt(NAMES.size());
            assertEquals(KeyHash.block(NAMES.get(kind), key), blocks.hash(kind, key), key);
            assertEquals(KeyHash.term(NAMES.get(kind), key), terms.hash(kind, key), key);
        }
    }
}

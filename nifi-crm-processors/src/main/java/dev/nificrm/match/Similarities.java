package dev.nificrm.match;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.util.List;

/** What the graded comparators share: one stateless Jaro-Winkler and the four graded level names. */
final class Similarities {
    static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    static final List<String> GRADED_LEVELS = List.of("exact", "close", "similar", "differs");

    private Similarities() {
    }
}

package dev.nificrm.match;

/**
 * The skeleton of a folded name that two romanisations of one name from Cyrillic or Arabic share: English, German and
 * French sources and passports write one Russian, Ukrainian or Arabic name in letters that differ in set ways, so that
 * {@code Jurij}/{@code Yuri}/{@code Yury}/{@code Yuriy}, {@code Jewgeni}/{@code Yevgeny}/{@code Evgeny},
 * {@code Chalid}/{@code Khaled}/{@code Khalid}, {@code Youssef}/{@code Yusuf}, {@code Wladimir}/{@code Vladimir},
 * {@code Aleksandr}/{@code Alexandr} are one name where their spellings are far apart (Jaro-Winkler below 0.80, other
 * Double Metaphone codes). The skeleton writes
 * <ul>
 * <li>{@code j} (German and Polish for the English {@code y}) and {@code dj} (French) as {@code y}; {@code w} as
 * {@code v}; {@code kh} and {@code ch} (German and French for the Russian and Arabic {@code kh}) as {@code h};
 * {@code sch} as {@code sh}; {@code x} as {@code ks}; {@code q} (Arabic qaf) as {@code k}; {@code ph} as {@code f};
 * {@code ou} (French) as {@code u};</li>
 * <li>a {@code y} after the first letter as {@code i} ({@code Sergey}/{@code Sergei}, {@code Natalya}/{@code Natalia}),
 * and the Russian {@code ye} that begins a name as {@code e} ({@code Yelena}/{@code Elena});</li>
 * <li>each doubled letter once ({@code Youssef}, {@code Yuriy} written {@code yurii}: {@code yuri});</li>
 * <li>each run of vowels inside the name as one mark: Arabic writes no short vowels, so {@code Khaled}/{@code Khalid} and
 * {@code Mohammed}/{@code Muhammad} differ there only. The vowels that begin and end the name are kept: they tell
 * {@code Maria} from {@code Mario} and {@code Ivan} from {@code Evan}.</li>
 * </ul>
 * Names of fewer than {@value Umlauts#NAME_LETTERS} letters have none ({@code Jan}/{@code Yan}, {@code Ian}): too short
 * for letters changed in set ways to leave a name recognisable. {@link NameComparator} reads one skeleton as similar,
 * not as one name: two people's given names of one skeleton (if any) stay apart where their other values disagree.
 */
final class Transliterations {
    private Transliterations() {
    }

    /** The name's skeleton (see the type), or null for a name of fewer than {@value Umlauts#NAME_LETTERS} letters. */
    static String skeleton(final String name) {
        if (name.length() < Umlauts.NAME_LETTERS) {
            return null;
        }
        final StringBuilder letters = new StringBuilder(name.length() + 2);
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            final char next = i + 1 < name.length() ? name.charAt(i + 1) : ' ';
            if (c == 's' && next == 'c' && i + 2 < name.length() && name.charAt(i + 2) == 'h') {
                letters.append("sh");
                i += 2;
            } else if ((c == 'k' || c == 'c') && next == 'h') {
                letters.append('h');
                i++;
            } else if (c == 'd' && next == 'j') {
                letters.append('y');
                i++;
            } else if (c == 'p' && next == 'h') {
                letters.append('f');
                i++;
            } else if (c == 'o' && next == 'u') {
                letters.append('u');
                i++;
            } else {
                switch (c) {
                    case 'j' -> letters.append('y');
                    case 'w' -> letters.append('v');
                    case 'x' -> letters.append("ks");
                    case 'q' -> letters.append('k');
                    default -> letters.append(c);
                }
            }
        }
        if (letters.length() > 2 && letters.charAt(0) == 'y' && letters.charAt(1) == 'e') {
            letters.deleteCharAt(0);
        }
        for (int i = 1; i < letters.length(); i++) {
            if (letters.charAt(i) == 'y') {
                letters.setCharAt(i, 'i');
            }
        }
        final StringBuilder skeleton = new StringBuilder(letters.length());
        final int last = letters.length() - 1;
        for (int i = 0; i <= last; i++) {
            final char c = letters.charAt(i);
            if (i > 0 && c == letters.charAt(i - 1)) {
                continue;
            }
            if (i > 0 && isVowel(c) && !endsInVowels(letters, i)) {
                // a run of vowels inside the name: one mark, its letters skipped
                skeleton.append('*');
                while (i < last && isVowel(letters.charAt(i + 1))) {
                    i++;
                }
            } else {
                skeleton.append(c);
            }
        }
        return skeleton.toString();
    }

    /**
     * The first letter of the name's {@link #skeleton}, or 0 where it has none, from the name's first letters alone: a
     * pair whose skeletons start apart has no skeleton in common, told without making or looking up either. The first
     * letter of the skeleton is the first one the letters are written as ({@code sch} as {@code s}, {@code kh} and
     * {@code ch} as {@code h}, {@code dj}, {@code j} and {@code y} as {@code y}, {@code ph} as {@code f}, {@code ou} as
     * {@code u}, {@code w} as {@code v}, {@code x} and {@code q} as {@code k}); a {@code y} followed by an {@code e} and
     * more (a {@code ye} that begins the name, dropped to {@code e}) is {@code e}. No digraph starts with {@code e}, so
     * the {@code e} is the name's own next letter. Doubled letters and vowel runs are folded after the first letter only.
     */
    static char skeletonStart(final CharSequence name) {
        if (name.length() < Umlauts.NAME_LETTERS) {
            return 0;
        }
        final char c = name.charAt(0);
        final char next = name.charAt(1);
        if (c == 's' && next == 'c' && name.charAt(2) == 'h') {
            return 's';
        }
        if ((c == 'k' || c == 'c') && next == 'h') {
            return 'h';
        }
        if (c == 'p' && next == 'h') {
            return 'f';
        }
        if (c == 'o' && next == 'u') {
            return 'u';
        }
        final int afterY = c == 'd' && next == 'j' ? 2 : c == 'j' || c == 'y' ? 1 : 0;
        if (afterY > 0) {
            return name.length() > afterY + 1 && name.charAt(afterY) == 'e' ? 'e' : 'y';
        }
        return switch (c) {
            case 'w' -> 'v';
            case 'x', 'q' -> 'k';
            default -> c;
        };
    }

    /** Whether the letters from {@code from} to the end are all vowels: the run of vowels that ends the name. */
    private static boolean endsInVowels(final CharSequence letters, final int from) {
        for (int i = from; i < letters.length(); i++) {
            if (!isVowel(letters.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVowel(final char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }
}

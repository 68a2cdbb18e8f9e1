package dev.nificrm.match;

import dev.nificrm.roles.HtmlEntities;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The comparison keys of names, streets and cities written with HTML entities ({@link HtmlEntities}, whose own tests read the entities). */
class HtmlEntitiesInKeysTest {
    private final ComparisonKeys keys = new ComparisonKeys("US");

    /**
     * A person's name as an export or a web form left it, with HTML entities (named or numbered, decimal or hex, in
     * capitals, escaped twice), has the key of the name written plainly. Before, the entity's letters were part of the
     * name: {@code O&#39;Brien} keyed {@code o 39 brien}, {@code M&uuml;ller} {@code m uuml ller}.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LAST_NAME|O&#39;Brien|O'Brien", "LAST_NAME|O&apos;Connor|O'Connor", "LAST_NAME|D&#x27;Angelo|D'Angelo",
            "LAST_NAME|O&rsquo;Brien|O'Brien", "LAST_NAME|M&uuml;ller|Müller", "LAST_NAME|M&#252;ller|Müller", "LAST_NAME|M&#xFC;ller|Müller",
            "LAST_NAME|N&uacute;&ntilde;ez|Núñez", "LAST_NAME|SCHR&Ouml;DER|Schröder", "LAST_NAME|Garc&iacute;a&nbsp;L&oacute;pez|García López",
            "LAST_NAME|Dvo&#345;&aacute;k|Dvořák", "LAST_NAME|O&amp;#39;Brien|O'Brien", "LAST_NAME|M&amp;uuml;ller|Müller",
            "FIRST_NAME|Jos&eacute;|José", "FIRST_NAME|Zo&euml;|Zoë", "FIRST_NAME|Fran&ccedil;ois|François", "FIRST_NAME|Mary&nbsp;Ann|Mary Ann",
            "CITY|K&ouml;ln|Köln", "STREET|Rue de l&#39;&Eacute;glise 4|Rue de l'Église 4"
    })
    void entitiesInAPersonsNameAreTheCharactersTheyStandFor(final Role role, final String escaped, final String plain) {
        assertEquals(keys.normalise(role, plain), keys.normalise(role, escaped), escaped);
    }

    /**
     * The entities a key reads otherwise than the character they stand for (a curly apostrophe named or numbered is an
     * apostrophe, {@code O&#8217;Brien} one word as {@code O'Brien} is; a soft hyphen nothing; a dash {@code -}), and HTML 5's
     * Latin letters with a mark beyond HTML 4's ({@code &lstrok;}, {@code &eogon;}, {@code &odblac;}, {@code &gbreve;},
     * {@code &emacr;}, {@code &ncedil;}, {@code &zdot;}). Before, {@code O&#8217;Brien} keyed {@code o brien} and those letters
     * stayed entities.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LAST_NAME|O&#8217;Brien|O'Brien", "LAST_NAME|O&#x2019;Brien|O'Brien", "LAST_NAME|O&RSQUO;Brien|O'Brien",
            "LAST_NAME|Sch&#173;midt|Schmidt", "LAST_NAME|Garc&iacute;a&ndash;L&oacute;pez|García-López",
            "LAST_NAME|Garc&iacute;a&#8212;L&oacute;pez|García-López", "LAST_NAME|Wa&lstrok;&eogon;sa|Wałęsa",
            "LAST_NAME|Erd&odblac;s|Erdős", "LAST_NAME|Do&gbreve;an|Doğan", "LAST_NAME|B&emacr;rzi&ncedil;&scaron;|Bērziņš",
            "LAST_NAME|&Zdot;&oacute;&lstrok;kiewicz|Żółkiewicz", "FIRST_NAME|&Lstrok;ukasz|Łukasz", "FIRST_NAME|Micha&amp;lstrok;|Michał"
    })
    void entitiesAreReadAsTheKeysReadTheirCharacters(final Role role, final String escaped, final String plain) {
        assertEquals(keys.normalise(role, plain), keys.normalise(role, escaped), escaped);
    }

    /**
     * HTML 5's entities beyond HTML 4's and the Latin letters with a mark (an HTML 5 escaper writes punctuation so,
     * {@code St&period; John}; Turkish {@code &imath;}, Dutch {@code &ijlig;}), and entities as a browser reads them
     * though a legacy export wrote them otherwise: a legacy name without its {@code ;} where the word ends
     * ({@code Jos&eacute}, {@code &amp}), a number without it ({@code O&#39Brien}), and windows-1252's characters by
     * their number there ({@code O&#146;Brien}, {@code &#150;} a dash). Before, each was left as it was.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LAST_NAME|St&period; John|St. John", "LAST_NAME|Smith&hyphen;Jones|Smith-Jones", "LAST_NAME|Y&imath;lmaz|Yılmaz",
            "LAST_NAME|&IJlig;sselmeer|Ĳsselmeer", "LAST_NAME|Miller&comma; Jr&period;|Miller, Jr.", "CITY|L&apos;Aquila &lpar;AQ&rpar;|L'Aquila (AQ)",
            "FIRST_NAME|Jos&eacute|José", "LAST_NAME|Dupr&eacute &amp Fils|Dupré & Fils", "LAST_NAME|O&#39Brien|O'Brien",
            "LAST_NAME|M&#252ller|Müller", "LAST_NAME|M&#xFCller|Müller", "LAST_NAME|O&#146;Brien|O'Brien",
            "LAST_NAME|Garc&iacute;a&#150;L&oacute;pez|García-López", "LAST_NAME|O&amp;#146;Brien|O'Brien", "LAST_NAME|M&amp;uuml|Mü"
    })
    void html5EntitiesAndThoseABrowserReadsAreRead(final Role role, final String escaped, final String plain) {
        assertEquals(keys.normalise(role, plain), keys.normalise(role, escaped), escaped);
    }

    /** {@code &#x10FFFFAcme Ltd} is keyed as {@code Acme Ltd}, {@code D&#x27Angelo} as {@code D'Angelo}, {@code Hauptstra&#xdfe 4} as {@code Hauptstraße 4}. */
    @Test
    void aHexRunOfNoCharacterBeforeACapitalisedWordKeepsTheWord() {
        assertEquals(keys.normalise(Role.COMPANY, "Acme Ltd"), keys.normalise(Role.COMPANY, "&#x10FFFFAcme Ltd"));
        assertEquals(keys.normalise(Role.LAST_NAME, "D'Angelo"), keys.normalise(Role.LAST_NAME, "D&#x27Angelo"));
        assertEquals(keys.normalise(Role.STREET, "Hauptstraße 4"), keys.normalise(Role.STREET, "Hauptstra&#xdfe 4"));
    }
}

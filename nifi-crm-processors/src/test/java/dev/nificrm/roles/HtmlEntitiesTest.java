package dev.nificrm.roles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HtmlEntitiesTest {
    /**
     * A legacy name without its {@code ;} is read only where no letter, digit or {@code =} follows, and in the table's case
     * (as a browser reads an attribute): {@code Kamlit &amp Venvel} is {@code Kamlit & Venvel}, while {@code Art&central},
     * {@code Print&Copy} and {@code M&uumlller} stay.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Kamlit &amp Venvel|Kamlit & Venvel", "KAMLIT &AMP VENVEL|KAMLIT & VENVEL",
            "Kamlit&amp;amp Venvel|Kamlit& Venvel", "&quot;Kamlit&quot Trading|\"Kamlit\" Trading", "Art&central|Art&central",
            "Print&Copy|Print&Copy", "M&uumlller|M&uumlller", "a&amp=b|a&amp=b", "Mary&nbspAnn|Mary&nbspAnn"})
    void aLegacyNameWithoutItsSemicolonIsReadWhereItsWordEnds(final String escaped, final String decoded) {
        assertEquals(decoded, HtmlEntities.decode(escaped));
    }

    /**
     * A number without its {@code ;} is read where it cannot be read otherwise: {@code O&#39Brien} (a decimal number
     * before a letter), {@code &#x27 } and {@code Jos&#xE9} (the word ends), {@code M&#xFCller} ({@code &#xF} is a control
     * character, so the {@code C} is the number's). Where its hex digits end in letters that may be the name's own and the
     * number before them is a character too, it stays as written, never a letter the name did not hold: {@code Ren&#xE9e}
     * (é and {@code e}, or a Lao letter), {@code D&#X27aNGELO}; where one reading is a quote, stands before a capitalised word or is
     * the word's only letter, it is read so ({@code D&#x27Angelo}: see {@link #aHexRunAWordGoesOnInIsReadWhereTheNameGoesOn}).
     * Before, each was read through its last hex letter ({@code Dɺngelo}). With its {@code ;} a number is read as it is written ({@code D&#x27A;ngelo} is {@code Dɺngelo}).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"O&#39Brien|O'Brien", "D&#x27 Angelo|D' Angelo", "D&#x27|D'", "Jos&#xE9|José",
            "Jos&#xE9 Luis|José Luis", "M&#xFCller|Müller", "M&#252ller|Müller",
            "L&#xEA|Lê", "O&#146Brien|O'Brien", "Ren&#xE9e|Ren&#xE9e",
            "D&#X27aNGELO|D&#X27aNGELO", "D&#x27A;ngelo|Dɺngelo", "D&#x27;Angelo|D'Angelo", "Unit &#x378 5|Unit &#x378 5",
            "&#1 Main|&#1 Main", "&#888 Main|&#888 Main", "&#x81|&#x81"})
    void aNumberWithoutItsSemicolonIsReadWhereItCannotBeReadOtherwise(final String escaped, final String decoded) {
        assertEquals(decoded, HtmlEntities.decode(escaped));
    }

    /**
     * A number without its {@code ;} whose hex digits end in a letter is read through that letter, as HTML 5 reads it, where
     * the letter stands inside no word of the name: the entity is a word of its own ({@code &#x201C}, {@code &#x201C Acme
     * &#x201D}), or stands beside one, before a capitalised word ({@code &#x201CJohn}) or after a word in small letters
     * ({@code Acme&#x201D}). Where the letter may be the name's own, inside a word (after a letter in its case:
     * {@code Ren&#xE9e}; or before letters that go on from it: {@code &#x27ANGELO}), it stays as written. Before, each kept its
     * number as written ({@code &#x27} ' and {@code C} were read the other way round: {@code &#x201} is a letter, ȁ). A
     * quotation mark is read inside a word too (see {@link #aQuotationMarkOrDashWithoutItsSemicolonIsReadBesideAWordsLetters}).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"&#x201C|\"", "&#x201C Acme &#x201D|\" Acme \"", "&#x201CJohn&#x201D|\"John\"",
            "Acme&#x201D|Acme\"", "Say &#x201C hi &#x201D.|Say \" hi \".", "Ren&#xE9e|Ren&#xE9e",
            "&#x27ANGELO|&#x27ANGELO", "&#xAB Acme &#xBB|« Acme »"})
    void aNumberEndingInAHexLetterOfNoWordIsReadThroughIt(final String escaped, final String decoded) {
        assertEquals(decoded, HtmlEntities.decode(escaped));
    }

    /**
     * A number without its {@code ;} that stands for a quotation mark or a dash ({@code &#x201C} “, {@code &#x201d} ”, {@code &#xAB}
     * «) is read as a browser reads it also where its last hex letter touches a word's letters: no word goes on through a quote, and
     * the number without that letter would be a letter no name is written with ({@code &#x201} ȁ) or a line end ({@code &#xA}).
     * {@code John&#x201d}, {@code ACME&#x201D} and {@code &#x201cjohn} have their quotes (before, they stayed as written, and their
     * keys held the number's digits: {@code john x201d}). A number of a letter stays as before ({@code Ren&#xE9e}).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"&#x201cJohn&#x201d|\"John\"", "ACME&#x201D|ACME\"", "&#x201cjohn|\"john", "John&#x201d|John\"",
            "Acme&#xab|Acme«", "&#x201cACME&#x201d|\"ACME\"", "Ren&#xE9e|Ren&#xE9e"})
    void aQuotationMarkOrDashWithoutItsSemicolonIsReadBesideAWordsLetters(final String escaped, final String decoded) {
        assertEquals(decoded, HtmlEntities.decode(escaped));
    }

    /**
     * A hex number without its {@code ;} whose last hex letters touch a word's letters is read through them where the number
     * without them is a tab or a line end ({@code &#xD}, {@code &#xA}, {@code &#x9}), which no word's letters go on from, as a
     * browser reads it: {@code Gro&#xdf} is {@code Groß}, {@code M&#xDCLLER} {@code MÜLLER}, {@code Acme&#xae} {@code Acme®}.
     * Before, each stayed as written (its key {@code gro xdf}, {@code m xdcller}), as {@code &#xD} is a character too. Where the
     * number without them is a letter, it stays as before ({@code Ren&#xE9e}).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Gro&#xdf|Groß", "M&#xDCLLER|MÜLLER", "Acme&#xae|Acme®", "Ren&#xE9e|Ren&#xE9e"})
    void aNumberWhoseLettersWouldFollowALineEndIsReadThroughThem(final String escaped, final String decoded) {
        assertEquals(decoded, HtmlEntities.decode(escaped));
    }

    /**
     * A hex number without its {@code ;} whose digits run on into the name's letters, so that the whole run stands for no character
     * ({@code &#x201CAcme}: {@code 201CAC} is past the last one), is read up to the quotation mark or dash its first digits stand for
     * ({@code &#x201C} “ and {@code Acme}; {@code &#x201CACME}, {@code &#x201cacme}, {@code &#x2013Beta}), or, for another character
     * that is no letter, up to a capitalised word ({@code &#x2122Acme}: ™ and {@code Acme}). A browser reads the whole run as U+FFFD
     * and drops the letters in it ({@code �me}), which would give {@code &#x201CAcme} and {@code &#x201CAbme} one key; the longest
     * run that stands for a character would make {@code &#x201CA} a CJK ideograph. Where no such place is it stays as written, as
     * before ({@code &#x10FFFFAcmé}: no quote in it, no capitalised word; for {@code &#x10FFFFAcme} see
     * {@link #aHexRunAWordGoesOnInIsReadWhereTheNameGoesOn}). Before, each stayed as written, its key holding the number's digits ({@code x201cacme}).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"&#x201CAcme|\"Acme", "&#x201CAcme&#x201D|\"Acme\"", "&#x201CACME|\"ACME", "&#x201cacme|\"acme",
            "&#x2013Beta|-Beta", "&#x2122Acme|™Acme", "&#x10FFFFAC|&#x10FFFFAC"})
    void aHexRunPastAnyCharacterIsReadUpToItsQuoteOrBeforeACapitalisedWord(final String escaped, final String decoded) {
        assertEquals(decoded, HtmlEntities.decode(escaped));
    }

    /**
     * A hex number without its {@code ;} whose run a browser reads whole though the name's letters go on in it (WHATWG's numeric
     * character reference takes every hex digit) is read where the name goes on, so that the name keeps its letters and gets none it
     * was not written with. {@code D&#x27Angelo}, {@code O&#x27Brien}: ' before a capitalised word (a browser: U+027A ɺ and
     * {@code ngelo}, an IPA letter no name is written with; an exporter that dropped the {@code ;} wrote D'Angelo). {@code &#xABAcme}:
     * « and {@code Acme} (a browser: a Cherokee letter, U+ABAC, and {@code me}). {@code Stra&#xdfe}, {@code Mar&#xEDa}: ß, í, the
     * only letter of the word's case the run's first digits stand for ({@code DFE} and {@code EDA} are no character, {@code &#xD} a
     * line end, {@code &#xE} a control character). {@code &#x10FFFFAcme}: U+10FFFF, no character, and {@code Acme} (a browser:
     * U+FFFD and {@code me}, the run past the last character). Where two letters are possible it stays as written ({@code Ren&#xE9e}:
     * é and {@code e}, or a Lao letter, U+0E9E; {@code Caf&#xE9Bar}); so does a run in capitals ({@code &#x27ANGELO}). Before, each
     * stayed as written, its key holding the number's digits ({@code d x27angelo}).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"D&#x27Angelo|D'Angelo", "O&#x27Brien|O'Brien", "A &#x27Angelo&#x27|A 'Angelo'", "&#xABAcme|«Acme",
            "&#xABAcme&#xBB|«Acme»", "Stra&#xdfe|Straße", "Mar&#xEDa|María", "Ren&#xE9e|Ren&#xE9e", "Caf&#xE9Bar|Caf&#xE9Bar",
            "&#x27ANGELO|&#x27ANGELO", "STRA&#xdfE|STRA&#xdfE"})
    void aHexRunAWordGoesOnInIsReadWhereTheNameGoesOn(final String escaped, final String decoded) {
        assertEquals(decoded, HtmlEntities.decode(escaped));
    }

    /** {@code &#x10FFFFAcme} is U+10FFFF and {@code Acme}; past the last character U+FFFD ({@code &#xFFFFFFAcme}). */
    @Test
    void aHexRunOfNoCharacterBeforeACapitalisedWordKeepsTheWord() {
        assertEquals(new String(Character.toChars(0x10FFFF)) + "Acme", HtmlEntities.decode("&#x10FFFFAcme"));
        assertEquals("\ufffdAcme", HtmlEntities.decode("&#xFFFFFFAcme"));
    }

    /** An ampersand before anything that is no entity read here stays: {@code Smith & Sons}, {@code AT&T}, {@code &unknown;}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Smith & Sons", "AT&T", "R&D", "Tom &unknown; Jerry", "&#;", "&#x;", "&#55296;", "a&b;c",
            "&#1114112;", "&#99999999999999999999;", "Unit &#x", "B&Q"})
    void anAmpersandBeforeNoEntityStays(final String value) {
        assertEquals(value, HtmlEntities.decode(value));
    }
}

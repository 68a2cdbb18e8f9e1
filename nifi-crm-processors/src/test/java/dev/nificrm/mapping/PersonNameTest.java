package dev.nificrm.mapping;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PersonNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Jan Berg                      | -   | Jan     | -      | Berg          | -
            Dr. Jan van der Berg Jr.      | Dr. | Jan     | -      | van der Berg  | Jr.
            Berg, Jan Peter               | -   | Jan     | Peter  | Berg          | -
            van der Berg, Jan             | -   | Jan     | -      | van der Berg  | -
            John Smith, Jr.               | -   | John    | -      | Smith         | Jr.
            Mary Ann Evans                | -   | Mary    | Ann    | Evans         | -
            Maria de la Cruz              | -   | Maria   | -      | de la Cruz    | -
            Ludwig van Beethoven          | -   | Ludwig  | -      | van Beethoven | -
            Cher                          | -   | -       | -      | Cher          | -
            Mrs. Ann   Lee  III           | Mrs.| Ann     | -      | Lee           | III
            '  Ann  Lee  '                | -   | Ann     | -      | Lee           | -
            """)
    void splitsNames(final String text, final String salutation, final String first, final String middle, final String last, final String suffix) {
        assertEquals(new PersonName(salutation, first, middle, last, suffix), PersonName.parse(text));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-", "'   '"})
    void blankNameHasNoParts(final String text) {
        assertEquals(new PersonName(null, null, null, null, null), PersonName.parse(text));
    }
}

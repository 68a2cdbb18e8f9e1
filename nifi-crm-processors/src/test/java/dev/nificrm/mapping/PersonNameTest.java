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
            Smith, Dr.                    | Dr. | -       | -      | Smith         | -
            Smith, Dr. John               | Dr. | John    | -      | Smith         | -
            'SMITH, DR. JOHN'             | DR. | JOHN    | -      | SMITH         | -
            Smith,, Mrs                   | Mrs | -       | -      | Smith         | -
            Prof. Dr. Hans Müller         | Prof. Dr. | Hans | -   | Müller        | -
            Herr Karl Meyer               | Herr | Karl   | -      | Meyer         | -
            Mme Marie Curie               | Mme | Marie   | -      | Curie         | -
            Sra. Ana García               | Sra. | Ana    | -      | García        | -
            M. Jean Dupont                | M.  | Jean    | -      | Dupont        | -
            Smith, M.                     | -   | M.      | -      | Smith         | -
            García, Sr.                   | -   | -       | -      | García        | Sr.
            John Smith Jr. PhD            | -   | John    | -      | Smith         | Jr. PhD
            Smith Jr., John               | -   | John    | -      | Smith         | Jr.
            van der Berg, Dr.             | Dr. | -       | -      | van der Berg  | -
            van der Berg                  | -   | -       | -      | van der Berg  | -
            Dr.                           | Dr. | -       | -      | -             | -
            """)
    void splitsNames(final String text, final String salutation, final String first, final String middle, final String last, final String suffix) {
        assertEquals(new PersonName(salutation, first, middle, last, suffix), PersonName.parse(text));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-", "'   '", "','", "' , ,, '"})
    void blankNameHasNoParts(final String text) {
        assertEquals(new PersonName(null, null, null, null, null), PersonName.parse(text));
    }
}

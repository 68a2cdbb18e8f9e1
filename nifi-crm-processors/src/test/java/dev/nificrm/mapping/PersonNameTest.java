package dev.nificrm.mapping;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

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

    /** Spanish and Catalan surnames joined by y or i (Portuguese e) are one last name, whatever the country. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            José Ortega y Gasset          | José    | -      | Ortega y Gasset
            Antoni Gaudí i Cornet         | Antoni  | -      | Gaudí i Cornet
            José Maria Eça e Queirós      | José    | Maria  | Eça e Queirós
            Juan y María                  | Juan    | -      | y María
            """)
    void surnamesJoinedByAConjunctionAreOneLastName(final String text, final String first, final String middle, final String last) {
        assertEquals(new PersonName(null, first, middle, last, null), PersonName.parse(text));
    }

    /**
     * A name of a Spanish-speaking country without a comma ends in two family names (paternal, maternal), each with its
     * particles, unless a second given name is followed by one family name; a name of a Portuguese-speaking country ends in
     * its family name, the last, with its particles (da, de, do, dos, das) and a Filho, Neto or Júnior after it; a name of
     * another country, or of none, as before.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Gabriel García Márquez        | CO        | Gabriel | -      | García Márquez
            Gabriel García Márquez        | Colombia  | Gabriel | -      | García Márquez
            Gabriel José García Márquez   | co        | Gabriel | José   | García Márquez
            Juan Pérez de la Cruz         | España    | Juan    | -      | Pérez de la Cruz
            María del Carmen Ruiz López   | MEX       | María   | del Carmen | Ruiz López
            Dr. Ana Sofía López Obrador Jr. | MX      | Ana     | Sofía  | López Obrador
            José Ortega y Gasset          | ES        | José    | -      | Ortega y Gasset
            Ana García                    | ES        | Ana     | -      | García
            'García Márquez, Gabriel'     | ES        | Gabriel | -      | García Márquez
            Gabriel García Márquez        | US        | Gabriel | García | Márquez
            Gabriel García Márquez        | -         | Gabriel | García | Márquez
            Mary Ann Evans                | GB        | Mary    | Ann    | Evans
            Gabriel García Márquez        | méxico    | Gabriel | -      | García Márquez
            Juan Carlos Pérez             | ES        | Juan    | Carlos | Pérez
            María José García             | Perú      | María   | José   | García
            Miguel Ángel Asturias         | GT        | Miguel  | Ángel  | Asturias
            Juan Carlos de la Cruz        | MX        | Juan    | Carlos | de la Cruz
            Juan Carlos Pérez López       | ES        | Juan    | Carlos | Pérez López
            Pedro Martín Gómez            | ES        | Pedro   | -      | Martín Gómez
            Juan Carlos Pérez             | US        | Juan    | Carlos | Pérez
            Maria da Silva Santos         | BR        | Maria   | da Silva | Santos
            Maria da Silva Santos         | Brasil    | Maria   | da Silva | Santos
            Maria da Silva Santos         | PRT       | Maria   | da Silva | Santos
            João dos Santos               | Portugal  | João    | -      | dos Santos
            João Pedro do Carmo Filho     | br        | João    | Pedro  | do Carmo Filho
            Ana Paula de Souza e Silva    | BR        | Ana     | Paula  | de Souza e Silva
            Luiz Inácio Lula da Silva     | BR        | Luiz    | Inácio Lula | da Silva
            Maria da Silva Santos         | US        | Maria   | -      | da Silva Santos
            Maria da Silva Santos         | -         | Maria   | -      | da Silva Santos
            João do Carmo                 | -         | João    | do     | Carmo
            """)
    void aCountrySaysHowANameEndsInFamilyNames(final String text, final String country, final String first, final String middle,
                                               final String last) {
        final PersonName name = PersonName.parse(text, PersonName.Naming.of(country));
        assertEquals(List.of(String.valueOf(first), String.valueOf(middle), String.valueOf(last)),
                List.of(String.valueOf(name.first()), String.valueOf(name.middle()), String.valueOf(name.last())));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-", "'   '", "','", "' , ,, '"})
    void blankNameHasNoParts(final String text) {
        assertEquals(new PersonName(null, null, null, null, null), PersonName.parse(text));
    }
}

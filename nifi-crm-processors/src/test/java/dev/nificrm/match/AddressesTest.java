package dev.nificrm.match;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Street lines of the countries CRM data holds meet whatever abbreviation each source wrote; what reads one way in one
 * language and another way in the next ({@code St}, a lone letter, {@code c/o}) keeps one reading.
 */
class AddressesTest {

    /** Each way of writing a street (between bars) gives the same key as the first. */
    @ParameterizedTest
    @ValueSource(strings = {
            // French
            "29 Boulevard Haussmann|29 Bd Haussmann|29 bd. Haussmann|29 Bld Haussmann",
            "12 Avenue Foch|12 av. Foch|12 Ave Foch|12 Av Foch",
            "8 rue de Rivoli|8 r. de Rivoli|8 R de Rivoli",
            "3 Place de la Concorde|3 pl. de la Concorde",
            "10 Faubourg Saint-Antoine|10 fg Saint-Antoine|10 Fbg Saint Antoine",
            "4 Impasse des Lilas|4 imp. des Lilas",
            "7 Chemin des Vignes|7 chem. des Vignes",
            "15 Route de Lyon|15 rte de Lyon",
            // German: the type written apart or glued to the name, spelt with ß or ss, or cut short
            "Hauptstraße 5|Hauptstrasse 5|HAUPTSTRASSE 5|Hauptstr. 5|Haupt Str. 5|Haupt Straße 5",
            "Berliner Straße 12|Berliner Str. 12|Berliner Strasse 12",
            "Marktplatz 1|Marktpl. 1|Markt Platz 1|Markt Pl. 1",
            // Spanish and Portuguese
            "Calle Mayor 5|C/ Mayor 5|C/Mayor 5|c/ mayor, 5",
            "Avenida de la Constitución 3|Avda. de la Constitucion 3|Av. de la Constitución 3|Avd de la Constitucion 3",
            "Plaza Mayor 1|Pza. Mayor 1",
            "Rua Augusta 100|R. Augusta 100",
            // Catalan, and the Spanish types the Catalan ones share a written form with
            "Carrer de Balmes 150|C/ de Balmes, 150|C. de Balmes 150|Calle de Balmes 150|Carrer de Balmes, núm. 150",
            "Avinguda Diagonal 640|Av. Diagonal 640|Avgda. Diagonal 640|Avda. Diagonal 640",
            "Passeig de Gràcia 92|Pg. de Gràcia 92|Passeig de Gracia 92",
            "Paseo de la Castellana 100|Pº de la Castellana 100|P.º de la Castellana 100|Pso. de la Castellana 100|Paseo de la Castellana, nº 100",
            "Plaça de Catalunya 1|Pl. de Catalunya 1|Placa de Catalunya 1",
            "Rambla de Catalunya 20|Rbla. de Catalunya 20",
            "Ronda de Sant Pere 5|Rda. de Sant Pere 5",
            "Travessera de Gràcia 10|Trav. de Gràcia 10",
            "Camí de la Font 4|Camino de la Font 4|Cno. de la Font 4",
            "Glorieta de Bilbao 1|Gta. de Bilbao 1",
            // Italian
            "Via Roma 10|V. Roma 10",
            "Piazza Navona 2|P.za Navona 2|P.zza Navona 2|Pza Navona 2",
            "Corso Buenos Aires 7|C.so Buenos Aires 7|Cso Buenos Aires 7",
            "Viale Monza 9|V.le Monza 9|Vle Monza 9",
            "Largo Argentina 4|L.go Argentina 4",
            // Dutch
            "Kalverstraat 92|Kalverstr. 92|Kalver Straat 92",
            "Laan van Meerdervoort 12|Ln van Meerdervoort 12",
            "Leidseplein 12|Leidsepl. 12|Leidse Plein 12",
            // British
            "12 Abbey Road|12 Abbey Rd",
            "5 Kings Crescent|5 Kings Cres|5 Kings Cresc.",
            "3 Russell Square|3 Russell Sq.",
            "9 Kew Gardens|9 Kew Gdns",
            "1 Elm Court|1 Elm Ct",
            "4 Park Lane|4 Park Ln",
            "2 Acacia Grove|2 Acacia Gro",
            // the same word in two languages is one word: a square is a Platz, a plein, a place
            "Avenida Paulista 1000|Av. Paulista 1000|Avenue Paulista 1000",
            "Piazza San Marco 1|Plaza San Marco 1",
            // Saint before a name, where a street's name starts or after a street type; Street after it
            "St Mary's Road|St. Mary's Rd|Saint Mary's Road|ST MARYS RD",
            "12 Saint Charles Avenue|12 St. Charles Ave|12 St Charles Av",
            "1234 Rue Sainte-Catherine|1234 rue Ste-Catherine|1234 Rue Ste Catherine",
            "10 Faubourg Saint-Antoine|10 fbg St-Antoine|10 Fbg St Antoine",
            "5 Avenue Saint-Honoré|5 av. St-Honoré",
            "8 St Kilda Rd|8 Saint Kilda Road|St Kilda Road 8",
            // Sankt, Skt. and Sint are Saint wherever they stand, as St is where a street's name starts
            "Sankt-Georgen-Straße 5|St.-Georgen-Str. 5|St. Georgenstr. 5|Sankt Georgen Strasse 5|Saint-Georgen-Straße 5",
            "Sankt-Augustin-Weg 3|St.-Augustin-Weg 3",
            "Skt. Annæ Plads 10|Sankt Annæ Plads 10|St. Annæ Plads 10",
            "Sint Jansstraat 20|St. Jansstraat 20|Sint-Jansstraat 20",
            "Am Sankt-Georgs-Platz 2|Am Skt. Georgs Platz 2|Am St.-Georgs-Platz 2",
            // after a French or German preposition or article too
            "An der Sankt-Anna-Kirche 4|An der St.-Anna-Kirche 4",
            "12 Rue du Saint-Gothard|12 rue du St-Gothard",
            "3 Place de la Sainte-Chapelle|3 pl. de la Ste-Chapelle"
    })
    void everyWayOfWritingAStreetGivesOneKey(final String group) {
        final String[] lines = group.split("\\|");
        final String key = Addresses.key(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            assertEquals(key, Addresses.key(lines[i]), lines[i] + " against " + lines[0]);
        }
    }

    /**
     * {@code St} and {@code Ste} are read by where they stand: before a name, where a street's name starts (the first word,
     * the first after the house number) or after a street type ({@code Rue Ste-Catherine}), they are Saint and Sainte;
     * anywhere else {@code St} is street and {@code Ste} a suite. A lone letter is a street type only where a type stands
     * before a name, so lettered streets keep their letter; {@code c/o} and {@code c/-} are "care of".
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "12 St. Charles Ave|12 saint charles avenue", "St Mary's Pl|saint marys place", "12 St Marys St|12 saint marys street",
            "12 Main St|12 main street", "12 Main St Ste 200|12 main street unit 200", "12 Main St Ste B|12 main street unit b",
            "Ste 200, 12 Main St|12 unit 200 main street", "jinka st reet|jinka street reet", "12 St|12 street", "St 5|5 street",
            "5th St N|5th street north", "C. Mayor 5|5 calle mayor", "C.B. Smith Rd|c b smith road", "12 C. Street|12 c street",
            "1200 R St NW|1200 r street northwest", "1200 R NW|1200 r northwest", "450 C Street|450 c street", "12 V St|12 v street",
            "12 Main St Apt C|12 main street unit c", "c/o Acme, 5 Main St|5 c o acme main street",
            "C/- Cummins Theatre|c cummins theatre", "maclachlan c street|maclachlan c street", "grace p lace|grace p lace",
            "Hauptstraße 5|5 haupt street", "12 In St|12 in street", "12 Le Main St Ste 200|12 le main street unit 200", "1200 D St Bridge|1200 d street bridge",
            "1200 L St Mall|1200 l street mall", "29 Bd Haussmann|29 boulevard haussmann", "P.za Navona 2|2 plaza navona"
    })
    void readingsThatDifferByCountryKeepOne(final String written, final String key) {
        assertEquals(key, Addresses.key(written));
    }

    /**
     * Europe writes the house number after the street: the key puts it first, as in {@code 12 Main Street}, so that the
     * number is compared as a number wherever each source wrote it ({@code Nr.}/{@code No.} before it included), and a
     * number that names the road ({@code Route 66}, {@code Highway 1}) or a unit stays where it is.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "Hauptstraße 5|Hauptstr. 5|exact", "5 Hauptstrasse|Hauptstraße 5|exact", "Calle Mayor 12|C/ Mayor, 12|exact",
            "Calle Mayor 12|12 Calle Mayor|exact", "Via Roma 10|10 Via Roma|exact", "Hauptstraße Nr. 5|Hauptstraße 5|exact",
            "Kalverstraat No 92|Kalverstraat 92|exact", "Leidseplein 12|Leidseplein|close", "Jungfernstieg 7|7 Jungfernstieg|exact",
            "Hauptstraße 5|Hauptstraße 7|differs", "Kalverstraat 92|Kalverstraat 29|differs", "Calle Mayor 12|C/ Mayor 21|differs",
            "Jungfernstieg 7|Jungfernstieg 9|differs", "Flat 3, 12 High St|Flat 3, 14 High St|differs",
            // umlauts with their dots, as ae/oe/ue or without either
            "Müllerstraße 5|Muellerstrasse 5|exact", "Müllerstraße 5|Mullerstr. 5|exact", "Schönhauser Allee 12|Schoenhauser Allee 12|exact",
            "Am Mühlenweg 3|Am Muehlenweg 3|exact", "Am Mühlenweg 3|Am Muehlenweg 4|differs",
            "Flat 3, 12 High St|Flat 4, 12 High St|similar"
    })
    void aHouseNumberAfterTheStreetIsAHouseNumber(final String left, final String right, final String level) {
        final AddressComparator comparator = new AddressComparator();
        assertEquals(level, comparator.levels().get(comparator.compare(Addresses.key(left), Addresses.key(right))), left + " / " + right);
        assertEquals(level, comparator.levels().get(comparator.compare(Addresses.key(right), Addresses.key(left))), right + " / " + left);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "Hauptstraße 5|5 haupt street", "12 In St|12 in street", "12 Le Main St Ste 200|12 le main street unit 200", "1200 D St Bridge|1200 d street bridge",
            "1200 L St Mall|1200 l street mall", "Calle Mayor, 12|12 calle mayor", "Hauptstr. Nr. 5a|5a haupt street", "Route 66|route 66",
            "State Highway 1|state highway 1", "12 Main St Apt 5|12 main street unit 5", "Main Street Suite 200|main street unit 200",
            "Carretera de Valencia 3|3 carretera de valencia", "Hauptstraße 5 Wohnung 3|5 haupt street wohnung 3",
            "Flat 3, 12 High St|12 unit 3 high street", "Unit 5, 12 Main St|12 unit 5 main street", "12 Flat Rock Rd|12 flat rock road"
    })
    void theKeyPutsTheHouseNumberFirst(final String written, final String key) {
        assertEquals(key, Addresses.key(written));
    }

    /**
     * Romance-language street names hold particles that one source writes and another leaves out ({@code Carrer de Balmes}
     * / {@code C/ Balmes}, {@code Avenida de la Constitución} / {@code Avda. Constitución}): the same street, close; a
     * particle left out makes two streets no closer than they were.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "Carrer de Balmes 150|C/ Balmes, 150|close", "Avenida de la Constitución 3|Avda. Constitución 3|close",
            "8 rue de Rivoli|8 rue Rivoli|close", "Via della Spiga 5|Via Spiga 5|close", "Rua dos Douradores 12|Rua Douradores 12|close",
            "Carrer de Balmes 150|C/ Balmes, 152|differs", "Avenida de la Constitución 3|Avda. Paz 3|similar"
    })
    void particlesOneSourceLeavesOutAreNoDifference(final String left, final String right, final String level) {
        final AddressComparator comparator = new AddressComparator();
        assertEquals(level, comparator.levels().get(comparator.compare(Addresses.key(left), Addresses.key(right))), left + " / " + right);
        assertEquals(level, comparator.levels().get(comparator.compare(Addresses.key(right), Addresses.key(left))), right + " / " + left);
    }
}

package dev.nificrm.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Random records and random bytes into every processor ({@link ProcessorSetups#ALL}) through NiFi's real readers and
 * writers: no exception escapes, records in = records out (or the FlowFile fails untouched with a reason) as the
 * processor's contract counts them, and the personal values of the records never reach a log line or an attribute. The
 * setups working on an entity store (one created and deleted per run) get a quarter of the tries.
 */
class ProcessorFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields of CRM exports, most of them with a role, so every processor has something to work on. */
    private static final List<String> FIELD_NAMES = List.of("FirstName", "Email", "Phone", "MobilePhone", "Birthdate", "MailingPostalCode",
            "MailingCountry", "MailingState", "Website", "Description", "Custom_Field__c", "Name", "Account Name", "e-mail\\");
    /** Characters that break parsers, writers and spreadsheets, besides any character at all. */
    private static final List<ProcessorSetup> WITHOUT_STORE = ProcessorSetups.ALL.stream().filter(setup -> !setup.store()).toList();
    private static final List<ProcessorSetup> WITH_STORE = ProcessorSetups.ALL.stream().filter(ProcessorSetup::store).toList();
    private static final String HOSTILE = "=+-@\t\r\n\"',;\\[]{}<>/\u0000\u200B\u202E\uFEFF\uD83D\uDE00\u0301é€";

    @Property(tries = 100)
    void randomRecordsKeepEveryRecordAndLeakNoValue(@ForAll("records") final List<FuzzRecord> records, @ForAll final RecordFormat format)
            throws Exception {
        randomRecords(records, format, WITHOUT_STORE);
    }

    /** The setups working on an entity store, which each try creates and deletes: fewer tries, to bound the build's time. */
    @Property(tries = 25)
    void randomRecordsKeepEveryRecordAndLeakNoValueWithAStore(@ForAll("records") final List<FuzzRecord> records, @ForAll final RecordFormat format)
            throws Exception {
        randomRecords(records, format, WITH_STORE);
    }

    @Property(tries = 100)
    void randomBytesNeitherEscapeNorLoseRecords(@ForAll("bytes") final byte[] content, @ForAll final RecordFormat format) throws Exception {
        randomBytes(content, format, WITHOUT_STORE);
    }

    @Property(tries = 25)
    void randomBytesNeitherEscapeNorLoseRecordsWithAStore(@ForAll("bytes") final byte[] content, @ForAll final RecordFormat format) throws Exception {
        randomBytes(content, format, WITH_STORE);
    }

    private static void randomRecords(final List<FuzzRecord> records, final RecordFormat format, final List<ProcessorSetup> setups) throws Exception {
        final byte[] content = format == RecordFormat.CSV ? csv(records) : json(records);
        final List<String> markers = records.stream().map(FuzzRecord::surname).toList();
        for (final ProcessorSetup setup : setups) {
            final RunOutcome outcome = RunOutcome.run(setup, format, content, "random records");
            if (format == RecordFormat.CSV) {
                assertFalse(outcome.failed(), outcome + " for a well-formed CSV of text values");
            }
            outcome.assertConserved(records.size())
                    .assertInvalidRecordsHaveReasons()
                    .assertReasonsHoldNoValue(markers)
                    .assertNoLeak(markers);
        }
    }

    private static void randomBytes(final byte[] content, final RecordFormat format, final List<ProcessorSetup> setups) throws Exception {
        for (final ProcessorSetup setup : setups) {
            // the reader decides what the bytes hold; the processor must account for every record it read
            RunOutcome.run(setup, format, content, "random bytes").assertConserved(-1).assertInvalidRecordsHaveReasons();
        }
    }

    @Provide
    Arbitrary<List<FuzzRecord>> records() {
        final Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(24),
                Arbitraries.strings().withChars(HOSTILE).withCharRange('a', 'z').withCharRange('0', '9').ofMaxLength(16),
                Arbitraries.of("N/A", "", " ", "null", "+14155550100", "(415) 555-0100", "a@example.com", "not-an-email", "1980-04-02",
                        "31/02/2020", "1e400", "9999-99-99", "US", "Deutschland", "=HYPERLINK(\"x\")", "@SUM(A1)", "Robert'); DROP TABLE x;--"));
        final Arbitrary<Object> value = Arbitraries.oneOf(text.map(each -> (Object) each), text.map(each -> (Object) each),
                Arbitraries.integers().map(each -> (Object) each), Arbitraries.doubles().map(each -> (Object) each),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE, null).map(each -> (Object) each),
                text.list().ofMaxSize(3).map(each -> (Object) each),
                Combinators.combine(Arbitraries.of("home", "work", "x"), text).as((key, inner) -> (Object) Map.of(key, inner)));
        final Arbitrary<Map<String, Object>> fields = Combinators.combine(Arbitraries.subsetOf(FIELD_NAMES), value.list().ofSize(FIELD_NAMES.size()))
                .as((names, values) -> {
                    final Map<String, Object> map = new LinkedHashMap<>();
                    int i = 0;
                    for (final String name : names) {
                        map.put(name, values.get(i++));
                    }
                    return map;
                });
        final Arbitrary<String> surname = Arbitraries.strings().withCharRange('a', 'z').ofLength(10).map(letters -> "Qz" + letters);
        return Combinators.combine(Arbitraries.longs().between(1, 99_999), surname, fields).as(FuzzRecord::new).list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        final byte[] csv = (BadInputCatalogue.HEADER + "\n1,Ann,Lee,a@example.com,(415) 555-0100,1980-04-02,94107\n2,Bo,Ng,,,,\n")
                .getBytes(StandardCharsets.UTF_8);
        final byte[] json = "[{\"Id\":\"1\",\"LastName\":\"Lee\",\"Email\":\"a@example.com\"},{\"Id\":\"2\",\"LastName\":\"Ng\",\"Phone\":[1,2]}]"
                .getBytes(StandardCharsets.UTF_8);
        final Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(csv, json), Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.bytes().list().ofMinSize(6).ofMaxSize(6)).as((base, positions, replacements) -> {
                    final byte[] copy = base.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        copy[positions.get(i) % copy.length] = replacements.get(i);
                    }
                    return copy;
                });
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(512), mutated);
    }

    private static byte[] csv(final List<FuzzRecord> records) throws IOException {
        final Set<String> header = new LinkedHashSet<>(List.of("Id", "LastName"));
        records.forEach(record -> header.addAll(record.fields().keySet()));
        final StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(new String[0])).get())) {
            for (final FuzzRecord record : records) {
                final List<String> row = new ArrayList<>();
                for (final String name : header) {
                    row.add(switch (name) {
                        case "Id" -> Long.toString(record.id());
                        case "LastName" -> record.surname();
                        default -> record.fields().get(name) == null ? "" : text(record.fields().get(name));
                    });
                }
                printer.printRecord(row);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final Object value) throws IOException {
        return value instanceof String string ? string : JSON.writeValueAsString(value);
    }

    private static byte[] json(final List<FuzzRecord> records) throws IOException {
        final List<Map<String, Object>> objects = new ArrayList<>();
        for (final FuzzRecord record : records) {
            final Map<String, Object> object = new LinkedHashMap<>();
            object.put("Id", record.id());
            object.put("LastName", record.surname());
            object.putAll(record.fields());
            objects.add(object);
        }
        return JSON.writeValueAsBytes(objects);
    }

    /** A random record: an id, a surname that marks it (never to be found in a log), and random fields. */
    record FuzzRecord(long id, String surname, Map<String, Object> fields) {
    }
}

package dev.nificrm.reliability;

import dev.nificrm.reliability.BadInputCase.Expectation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The hostile inputs every processor of the bundle must survive: malformed, ragged and empty CSV, byte order marks,
 * invalid UTF-8, line endings, emoji, right-to-left and combining characters, 10 MB values, 2,000 columns, type drift,
 * numbers where text is expected, dates out of range, SQL-looking text, formulas, nested values where text is expected,
 * JSON the readers would drop silently, values nested a thousand levels deep. Every case names the customer records
 * its content holds and the personal values in it that must never reach a log line or an attribute.
 * <p>
 * The secrets are the surnames and emails of the content ({@code Quenneville}, {@code zq.leak@example.org}...):
 * distinctive enough that finding one in a log means a value leaked, not that a word happened to match.
 */
final class BadInputCatalogue {
    static final String HEADER = "Id,FirstName,LastName,Email,Phone,Birthdate,MailingPostalCode";
    private static final String SURNAME = "Quenneville";
    private static final String EMAIL = "zq.leak@example.org";
    private static final String OTHER_SURNAME = "Vandersloot";
    private static final String OTHER_EMAIL = "v.sloot.leak@example.net";
    private static final List<String> SECRETS = List.of(SURNAME, EMAIL, OTHER_SURNAME, OTHER_EMAIL);
    private static final String VALID_ROW = "0031,Ann," + SURNAME + "," + EMAIL + ",(415) 555-0100,1980-04-02,94107";
    private static final String OTHER_ROW = "0032,Bert," + OTHER_SURNAME + "," + OTHER_EMAIL + ",+44 20 7946 0958,1975-11-30,SW1A 1AA";
    private static final String VALID_OBJECT = "{\"Id\":\"0031\",\"FirstName\":\"Ann\",\"LastName\":\"" + SURNAME + "\",\"Email\":\"" + EMAIL
            + "\",\"Phone\":\"(415) 555-0100\",\"Birthdate\":\"1980-04-02\"}";
    private static final String OTHER_OBJECT = "{\"Id\":\"0032\",\"FirstName\":\"Bert\",\"LastName\":\"" + OTHER_SURNAME + "\",\"Email\":\""
            + OTHER_EMAIL + "\",\"Phone\":\"+44 20 7946 0958\"}";
    /** A record whose key 📧 is written as NiFi's JsonRecordSetWriter writes it, opening an array, the comma after it included. */
    static final String EMOJI_KEY_OBJECT_ESCAPED = "[{\"Id\":\"0031\",\"\\uD83D\\uDCE7\":\"" + EMAIL + "\",\"LastName\":\"" + SURNAME + "\"},";
    private static final int TEN_MEGABYTES = 10 * 1024 * 1024;
    /**
     * The cases, made once: their content (three 10 MB values, 5,000 records) is the same for every processor, and no
     * run changes it (a FlowFile's content is never written in place).
     */
    private static final List<BadInputCase> CASES = make();

    private BadInputCatalogue() {
    }

    /** The first case's content: a CSV export of two customers, Salesforce records 0031 and 0032. */
    static byte[] cleanExport() {
        return lines(HEADER, VALID_ROW, OTHER_ROW).getBytes(StandardCharsets.UTF_8);
    }

    /** Every case, CSV first. */
    static List<BadInputCase> cases() {
        return CASES;
    }

    private static List<BadInputCase> make() {
        final List<BadInputCase> cases = new ArrayList<>();
        csvCases(cases);
        jsonCases(cases);
        return List.copyOf(cases);
    }

    private static void csvCases(final List<BadInputCase> cases) {
        cases.add(csv("a clean export", 2, lines(HEADER, VALID_ROW, OTHER_ROW)));
        cases.add(csv("empty content", 0, ""));
        cases.add(csv("a header and no record", 0, lines(HEADER)));
        cases.add(csvEither("whitespace only (a blank header and a blank record)", 1, "   \n\t\n"));
        cases.add(csv("a row with fewer columns than the header", 2, lines(HEADER, "0031,Ann," + SURNAME, OTHER_ROW)));
        cases.add(csvEither("a row with more columns than the header", 2, lines(HEADER, VALID_ROW + ",extra,columns", OTHER_ROW)));
        cases.add(failure("an unterminated quote", RecordFormat.CSV, lines(HEADER, "0031,\"Ann," + SURNAME + "," + EMAIL, OTHER_ROW), null));
        cases.add(csvEither("a quote inside an unquoted value", 2, lines(HEADER, "0031,An\"n," + SURNAME + "," + EMAIL + ",,,", OTHER_ROW)));
        cases.add(bytes("a UTF-8 byte order mark", RecordFormat.CSV, 2, Expectation.RECORDS,
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, lines(HEADER, VALID_ROW, OTHER_ROW).getBytes(StandardCharsets.UTF_8))));
        cases.add(bytes("invalid UTF-8 in a value", RecordFormat.CSV, 2, Expectation.RECORDS,
                concat((HEADER + "\n0031,A").getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE},
                        ("n," + SURNAME + "," + EMAIL + ",,,\n" + OTHER_ROW + "\n").getBytes(StandardCharsets.UTF_8))));
        cases.add(bytes("UTF-16 content read as UTF-8", RecordFormat.CSV, 2, Expectation.RECORDS_OR_FAILURE,
                lines(HEADER, VALID_ROW, OTHER_ROW).getBytes(StandardCharsets.UTF_16)));
        cases.add(csv("CRLF line endings", 2, String.join("\r\n", HEADER, VALID_ROW, OTHER_ROW) + "\r\n"));
        cases.add(csv("mixed CRLF and LF line endings", 2, HEADER + "\r\n" + VALID_ROW + "\n" + OTHER_ROW + "\r\n"));
        cases.add(csv("blank lines between records", 2, lines(HEADER, "", VALID_ROW, "", "", OTHER_ROW, "")));
        cases.add(csv("a line break inside a quoted value", 2, lines(HEADER, "0031,\"Ann\nMarie\"," + SURNAME + "," + EMAIL + ",,,", OTHER_ROW)));
        cases.add(csv("emoji in names and emails", 2, lines(HEADER, "0031,Ann 😀👩‍👩‍👧," + SURNAME + " 🎉,📧" + EMAIL + ",,,", OTHER_ROW)));
        cases.add(csv("right-to-left names", 2, lines(HEADER, "0031,آن,\u202E" + SURNAME + "\u202C,שלום" + EMAIL + ",,,", OTHER_ROW)));
        cases.add(csv("combining characters", 2, lines(HEADER, "0031,Ane\u0301\u0308\u0323," + SURNAME + "\u0301," + EMAIL + ",,,", OTHER_ROW)));
        cases.add(csv("invisible characters in an email", 2, lines(HEADER, "0031,Ann," + SURNAME + ",zq.\u200Bleak@exa\u00ADmple.org\uFEFF,,,", OTHER_ROW)));
        cases.add(csv("control characters", 2, lines(HEADER, "0031,A\u0000n\u0007n," + SURNAME + "\u001B[31m," + EMAIL + "\u0008,,,", OTHER_ROW)));
        cases.add(csv("a 10 MB note", 2, lines(HEADER + ",Description", VALID_ROW + "," + "x".repeat(TEN_MEGABYTES), OTHER_ROW + ",")));
        cases.add(csv("a 10 MB email", 2, lines(HEADER, "0031,Ann," + SURNAME + "," + "a".repeat(TEN_MEGABYTES) + "@example.org,,,", OTHER_ROW)));
        cases.add(csv("2,000 columns", 2, wideCsv(2000)));
        cases.add(failure("a header naming a column twice", RecordFormat.CSV,
                lines("Id,FirstName,FirstName,LastName,Email,Email,Phone", "0031,Ann,Anna," + SURNAME + "," + EMAIL + "," + OTHER_EMAIL + ",555-0100"),
                "duplicate name"));
        cases.add(csv("header names differing in case only", 2, lines("Id,FirstName,LastName,Email,email,Phone", "0031,Ann," + SURNAME + "," + EMAIL + ",,",
                "0032,Bert," + OTHER_SURNAME + ",," + OTHER_EMAIL + ",")));
        cases.add(csvEither("an empty header name", 2, lines("Id,,LastName,Email", "0031,x," + SURNAME + "," + EMAIL, "0032,y," + OTHER_SURNAME + "," + OTHER_EMAIL)));
        cases.add(csv("a header name with a backslash", 2, lines("Id,FirstName,LastName,Email\\,Phone", "0031,Ann," + SURNAME + "," + EMAIL + ",",
                "0032,Bert," + OTHER_SURNAME + "," + OTHER_EMAIL + ",")));
        cases.add(csv("header names RecordPath would read as syntax", 2, lines("Id,\"First Name\",Last'Name,Email[0],/Phone,\"a,b\"",
                "0031,Ann," + SURNAME + "," + EMAIL + ",,", "0032,Bert," + OTHER_SURNAME + "," + OTHER_EMAIL + ",,")));
        cases.add(csv("a 10,000-character header name", 2, lines(HEADER + "," + "H".repeat(10_000), VALID_ROW + ",1", OTHER_ROW + ",2")));
        cases.add(csv("numbers where text is expected", 2, lines(HEADER, "0031,12345,67890,1e400,-0,1e400,99999999999999999999999", OTHER_ROW)));
        cases.add(csv("dates out of range", 4, lines(HEADER, "0031,Ann," + SURNAME + "," + EMAIL + ",,31/02/2020,", "0033,Cy," + SURNAME + ",,,9999-12-31,",
                "0034,Di," + SURNAME + ",,,0000-01-01,", "0035,Ed," + SURNAME + ",,,2999-01-01T25:61:61Z,")));
        cases.add(csv("SQL-looking text", 2, lines(HEADER, "0031,\"Robert'); DROP TABLE Students;--\"," + SURNAME + "," + EMAIL + ",\"1 OR 1=1\",,", OTHER_ROW)));
        cases.add(csv("spreadsheet formulas", 4, lines(HEADER, "0031,=HYPERLINK(\"http://x\")," + SURNAME + "," + EMAIL + ",,,",
                "0033,@SUM(A1)," + SURNAME + ",,+1+1,,", "0034,\"=cmd|' /C calc'!A0\"," + SURNAME + ",,-2+3,,", OTHER_ROW)));
        cases.add(csv("markup and script", 2, lines(HEADER, "0031,<script>alert(1)</script>," + SURNAME + "," + EMAIL + ",,,", OTHER_ROW)));
        cases.add(csv("placeholders in every field", 3, lines(HEADER, "N/A,N/A,N/A,N/A,N/A,N/A,N/A", "n/a,n/a,n/a,n/a,n/a,n/a,n/a",
                "-,-,-,-,-,-,-")));
        cases.add(csv("201 identical records", 201, identicalRecords(201)));
        cases.add(csv("a quoted value of quotes only", 2, lines(HEADER, "0031,\"\"\"\"\"\"," + SURNAME + "," + EMAIL + ",,,", OTHER_ROW)));
        cases.add(csv("a trailing comma on every line", 2, lines(HEADER + ",", VALID_ROW + ",", OTHER_ROW + ",")));
        cases.add(csvEither("semicolon-separated content (one column, no role for matching)", 2, lines(HEADER.replace(',', ';'), VALID_ROW.replace(',', ';'), OTHER_ROW.replace(',', ';'))));
        cases.add(csvEither("tab-separated content (one column, no role for matching)", 2, lines(HEADER.replace(',', '\t'), VALID_ROW.replace(',', '\t'), OTHER_ROW.replace(',', '\t'))));
        cases.add(csv("values that say null", 2, lines(HEADER, "0031,null,NULL," + EMAIL + ",nil,None,undefined", OTHER_ROW)));
        cases.add(csv("homoglyphs in an email", 2, lines(HEADER, "0031,Ann," + SURNAME + ",zq.leak@ехаmple.org,,,", OTHER_ROW)));
        cases.add(csv("5,000 records", 5000, manyRecords(5000)));
        cases.add(bytes("NUL bytes and binary noise (three lines)", RecordFormat.CSV, 2, Expectation.RECORDS_OR_FAILURE,
                concat(new byte[] {0, 1, 2, (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0}, SURNAME.getBytes(StandardCharsets.UTF_8))));
    }

    private static void jsonCases(final List<BadInputCase> cases) {
        cases.add(json("a clean array", 2, "[" + VALID_OBJECT + "," + OTHER_OBJECT + "]"));
        cases.add(json("NDJSON", 2, VALID_OBJECT + "\n" + OTHER_OBJECT + "\n"));
        cases.add(json("one object", 1, VALID_OBJECT));
        cases.add(json("an empty array", 0, "[]"));
        cases.add(json("arrays of arrays of objects", 2, "[[" + VALID_OBJECT + "],[" + OTHER_OBJECT + "]]"));
        cases.add(json("null alone, which holds no record", 0, "null"));
        cases.add(failure("a string between two objects", RecordFormat.JSON, "[" + VALID_OBJECT + ",\"" + SURNAME + "\"," + OTHER_OBJECT + "]",
                "value 2 of the content is a string"));
        cases.add(failure("a number between two objects", RecordFormat.JSON, "[" + VALID_OBJECT + ",42," + OTHER_OBJECT + "]",
                "value 2 of the content is a number"));
        cases.add(failure("null between two objects", RecordFormat.JSON, "[" + VALID_OBJECT + ",null," + OTHER_OBJECT + "]",
                "value 2 of the content is null"));
        cases.add(failure("a scalar line in NDJSON", RecordFormat.JSON, VALID_OBJECT + "\n\"" + SURNAME + "\"\n" + OTHER_OBJECT + "\n",
                "value 2 of the content is a string"));
        cases.add(failure("a malformed token", RecordFormat.JSON, "[{\"Id\":\"0031\",\"LastName\":" + SURNAME + "}]", "not valid JSON"));
        cases.add(failure("truncated content", RecordFormat.JSON, "[" + VALID_OBJECT + ",{\"Id\":\"0032\",\"LastName\":\"" + OTHER_SURNAME, null));
        cases.add(failure("comments", RecordFormat.JSON, "[" + VALID_OBJECT + " /* " + OTHER_SURNAME + " */]", null));
        cases.add(json("lists where one value is expected", 2, "[{\"Id\":\"0031\",\"FirstName\":[\"Ann\",\"Anna\"],\"LastName\":\"" + SURNAME
                + "\",\"Email\":[\"" + EMAIL + "\"]}," + OTHER_OBJECT + "]"));
        cases.add(json("an object where one value is expected", 2, "[{\"Id\":\"0031\",\"LastName\":\"" + SURNAME + "\",\"Email\":\"" + EMAIL
                + "\",\"Phone\":{\"home\":\"" + OTHER_EMAIL + "\"}}," + OTHER_OBJECT + "]"));
        cases.add(json("type drift inside one file", 4, "[{\"Id\":1,\"LastName\":\"" + SURNAME + "\",\"Phone\":4155550100},{\"Id\":\"0032\",\"LastName\":\""
                + OTHER_SURNAME + "\",\"Phone\":\"+44 20 7946 0958\"},{\"Id\":true,\"LastName\":7,\"Phone\":[\"1\",\"2\"]},{\"Id\":null,\"LastName\":{\"x\":1},\"Phone\":4.5}]"));
        cases.add(json("numbers and booleans where text is expected", 2, "[{\"Id\":31,\"FirstName\":123,\"LastName\":\"" + SURNAME
                + "\",\"Email\":true,\"Phone\":-1}," + OTHER_OBJECT + "]"));
        cases.add(new BadInputCase("a birth date of 1e400, which NiFi reads as infinity", RecordFormat.JSON, utf8("[{\"Id\":\"0031\",\"LastName\":\"" + SURNAME
                + "\",\"Birthdate\":1e400}," + OTHER_OBJECT + "]"), 2, Expectation.RECORDS_OR_FAILURE, SECRETS, "Birthdate"));
        cases.add(json("a birth date of 1e400 among text dates", 2, "[{\"Id\":\"0031\",\"LastName\":\"" + SURNAME + "\",\"Birthdate\":\"1e400\"},{\"Id\":\"0032\",\"Birthdate\":\"1980-04-02\"}]"));
        cases.add(json("huge and tiny numbers", 2, "[{\"Id\":123456789012345678901234567890,\"LastName\":\"" + SURNAME + "\",\"Phone\":1e-400,\"Birthdate\":-1e308},"
                + OTHER_OBJECT + "]"));
        cases.add(json("a key twice in one object", 2, "[{\"Id\":\"0031\",\"Email\":\"" + EMAIL + "\",\"Email\":\"" + OTHER_EMAIL + "\",\"LastName\":\""
                + SURNAME + "\"}," + OTHER_OBJECT + "]"));
        cases.add(json("a key with a backslash", 2, "[{\"Id\":\"0031\",\"Email\\\\\":\"" + EMAIL + "\",\"LastName\":\"" + SURNAME + "\"}," + OTHER_OBJECT + "]"));
        cases.add(json("emoji and right-to-left keys", 2, "[{\"Id\":\"0031\",\"📧\":\"" + EMAIL + "\",\"שם\":\"" + SURNAME + "\"}," + OTHER_OBJECT + "]"));
        // as NiFi's JsonRecordSetWriter writes a key beyond U+FFFF (BadInputCatalogueTest checks it does): an escaped surrogate
        // pair, valid JSON, which the JSON readers of Jackson 2.21.0 and 2.21.1 (NiFi 2.8.0's) refuse in a key
        cases.add(new BadInputCase("emoji keys as NiFi's JSON writer escapes them", RecordFormat.JSON, utf8(EMOJI_KEY_OBJECT_ESCAPED + OTHER_OBJECT + "]"),
                2, Expectation.RECORDS_OR_FAILURE, SECRETS, "escaped as a surrogate pair"));
        cases.add(failure("a string between records after an escaped emoji key", RecordFormat.JSON, EMOJI_KEY_OBJECT_ESCAPED + "\"x\"," + OTHER_OBJECT + "]",
                "value 2 of the content is a string where a record"));
        cases.add(new BadInputCase("a lone surrogate escaped in a key", RecordFormat.JSON, utf8("[{\"Id\":\"0031\",\"\\ud83d\":\"" + EMAIL + "\"},"
                + OTHER_OBJECT + "]"), 2, Expectation.RECORDS_OR_FAILURE, SECRETS, "half a pair alone"));
        cases.add(json("a 10 MB value", 2, "[{\"Id\":\"0031\",\"LastName\":\"" + SURNAME + "\",\"Description\":\"" + "y".repeat(TEN_MEGABYTES) + "\"},"
                + OTHER_OBJECT + "]"));
        cases.add(json("escaped control characters and lone surrogates", 2, "[{\"Id\":\"0031\",\"FirstName\":\"A\\u0000n\\ud800n\",\"LastName\":\"" + SURNAME
                + "\\udc00\"}," + OTHER_OBJECT + "]"));
        cases.add(json("nulls everywhere", 2, "[{\"Id\":null,\"FirstName\":null,\"LastName\":null,\"Email\":null}," + OTHER_OBJECT + "]"));
        cases.add(jsonEither("a value nested 950 levels deep", 2, "[{\"Id\":\"0031\",\"LastName\":\"" + SURNAME + "\",\"Note\":" + "[".repeat(950)
                + "\"" + EMAIL + "\"" + "]".repeat(950) + "}," + OTHER_OBJECT + "]"));
        cases.add(failure("a value nested 5,000 levels deep", RecordFormat.JSON, "[{\"Id\":\"0031\",\"Note\":" + "{\"a\":".repeat(5000) + "\""
                + EMAIL + "\"" + "}".repeat(5000) + "}]", null));
        cases.add(bytes("a UTF-8 byte order mark before JSON", RecordFormat.JSON, 2, Expectation.RECORDS_OR_FAILURE,
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ("[" + VALID_OBJECT + "," + OTHER_OBJECT + "]").getBytes(StandardCharsets.UTF_8))));
        cases.add(json("objects nested where text is expected, in an array of records", 2, "[{\"Id\":\"0031\",\"LastName\":\"" + SURNAME
                + "\",\"Addresses\":[{\"MailingPostalCode\":\"94107\",\"Phone\":[\"" + EMAIL + "\"]}]}," + OTHER_OBJECT + "]"));
    }

    private static BadInputCase csv(final String name, final long records, final String content) {
        return new BadInputCase(name, RecordFormat.CSV, content.getBytes(StandardCharsets.UTF_8), records, Expectation.RECORDS, SECRETS, null);
    }

    private static BadInputCase csvEither(final String name, final long records, final String content) {
        return new BadInputCase(name, RecordFormat.CSV, content.getBytes(StandardCharsets.UTF_8), records, Expectation.RECORDS_OR_FAILURE, SECRETS, null);
    }

    private static BadInputCase json(final String name, final long records, final String content) {
        return new BadInputCase(name, RecordFormat.JSON, content.getBytes(StandardCharsets.UTF_8), records, Expectation.RECORDS, SECRETS, null);
    }

    private static BadInputCase jsonEither(final String name, final long records, final String content) {
        return new BadInputCase(name, RecordFormat.JSON, content.getBytes(StandardCharsets.UTF_8), records, Expectation.RECORDS_OR_FAILURE, SECRETS, null);
    }

    private static BadInputCase failure(final String name, final RecordFormat format, final String content, final String says) {
        return new BadInputCase(name, format, content.getBytes(StandardCharsets.UTF_8), 0, Expectation.FAILURE, SECRETS, says);
    }

    private static BadInputCase bytes(final String name, final RecordFormat format, final long records, final Expectation expectation, final byte[] content) {
        return new BadInputCase(name, format, content, records, expectation, SECRETS, null);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String lines(final String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String wideCsv(final int columns) {
        final StringBuilder header = new StringBuilder(HEADER);
        final StringBuilder first = new StringBuilder(VALID_ROW);
        final StringBuilder second = new StringBuilder(OTHER_ROW);
        for (int column = 7; column < columns; column++) {
            header.append(",Custom_Field_").append(column).append("__c");
            first.append(',').append(column);
            second.append(",v").append(column);
        }
        return lines(header.toString(), first.toString(), second.toString());
    }

    private static String identicalRecords(final int count) {
        final List<String> rows = new ArrayList<>(Collections.nCopies(count, "0031,Ann," + SURNAME + "," + EMAIL + ",(415) 555-0100,1980-04-02,94107"));
        rows.addFirst(HEADER);
        return lines(rows.toArray(new String[0]));
    }

    private static String manyRecords(final int count) {
        final StringBuilder content = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < count; i++) {
            content.append(i).append(",Name").append(i % 97).append(',').append(SURNAME).append(i % 13).append(",user").append(i).append("@example.com,")
                    .append("415555").append(String.format("%04d", i % 10_000)).append(",1980-01-").append(String.format("%02d", i % 28 + 1)).append(",9410")
                    .append(i % 10).append('\n');
        }
        return content.toString();
    }
}

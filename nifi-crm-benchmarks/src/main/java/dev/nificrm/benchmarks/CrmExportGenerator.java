package dev.nificrm.benchmarks;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a Salesforce Contact export (Data Loader CSV layout, 20 columns) of {@link PersonGenerator} people: the
 * people's names, emails, phones, cities, postal codes and birth dates with their duplicates and errors, and around
 * them what a real export carries: 18-character ids, salutations, titles, departments, a mobile phone for some,
 * street, state and country written in several ways, lead sources, account ids, a description for a few (some with
 * commas or line breaks, so quoted) and created/modified timestamps in Salesforce's format.
 * <p>
 * Attributes of a person (street, state, title, mobile...) are the same in each of the person's copies, as duplicates
 * in a CRM are; ids and timestamps belong to the record. The same seed gives the same file.
 */
public final class CrmExportGenerator {
    /** The export's columns, in order. */
    public static final List<String> COLUMNS = List.of("Id", "Salutation", "FirstName", "LastName", "Title", "Department", "Email",
            "Phone", "MobilePhone", "MailingStreet", "MailingCity", "MailingState", "MailingPostalCode", "MailingCountry", "Birthdate",
            "LeadSource", "AccountId", "Description", "CreatedDate", "LastModifiedDate");

    /** The cluster id column of {@link #writeMatched}. */
    public static final String MATCH_ID_COLUMN = "crm_match_id";

    private static final double DUPLICATE_SHARE = 0.2;
    private static final String ID_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String[] SALUTATIONS = {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "", "", ""};
    private static final String[] TITLES = {"Sales Manager", "VP Marketing", "Software Engineer", "CFO", "Account Executive",
            "Office Manager", "Director of Operations", "Buyer", "", ""};
    private static final String[] DEPARTMENTS = {"Sales", "Marketing", "Engineering", "Finance", "Operations", "Procurement", "", ""};
    private static final String[] STREET_NAMES = {"Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park",
            "Pine", "Sunset", "Highland", "Mill", "River", "Church"};
    private static final String[] STREET_TYPES = {"St", "Street", "Ave", "Avenue", "Rd", "Blvd", "Dr", "Lane"};
    private static final String[] STATES = {"CA", "TX", "NY", "FL", "IL", "PA", "OH", "GA", "NC", "MI", "WA", "MA", "California",
            "Texas", "New York", "ca"};
    private static final String[] COUNTRIES = {"United States", "United States", "USA", "US", "U.S.", "united states", ""};
    /** Changes with what a seed generates: 2 since phones have no N11 area code or exchange and ZIP codes run 00600 to 99899. */
    private static final String VERSION = "g2";
    private static final String[] LEAD_SOURCES = {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other", ""};
    private static final String[] DESCRIPTIONS = {"Met at the spring trade show, interested in the enterprise plan",
            "Prefers email, no calls before 10am", "Renewal due in Q3; contact the account owner first",
            "Requested a demo.\nFollow up next week", "Former customer, churned in 2021"};

    private final long seed;

    public CrmExportGenerator(final long seed) {
        this.seed = seed;
    }

    /** Writes {@code count} records (plus the header) to the file, replacing it. */
    public void write(final int count, final Path file) {
        write(count, file, false);
    }

    /**
     * Writes the export as MatchCRMRecord would give it to MergeCRMRecord: the same records with a first column
     * {@code crm_match_id}, the same for all copies of one person (the generator's truth), so about 30 % of the records
     * are in clusters of two or more.
     */
    public void writeMatched(final int count, final Path file) {
        write(count, file, true);
    }

    private void write(final int count, final Path file, final boolean matchIds) {
        final List<String> columns = new ArrayList<>(COLUMNS);
        if (matchIds) {
            columns.addFirst(MATCH_ID_COLUMN);
        }
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
             CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).get())) {
            final SplittableRandom recordRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
            final List<String> row = new ArrayList<>(columns.size());
            final IOException[] failure = {null};
            new PersonGenerator(seed).generate(count, DUPLICATE_SHARE, (values, person) -> {
                if (failure[0] != null) {
                    return;
                }
                row.clear();
                if (matchIds) {
                    row.add("person-" + person);
                }
                fill(row, values, person, recordRandom);
                try {
                    printer.printRecord(row);
                } catch (final IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    /** The file of {@code count} records under the directory, generated only when it does not exist yet. */
    public Path file(final int count, final Path directory) {
        return file(count, directory, false);
    }

    /** The file of {@code count} records with {@code crm_match_id} ({@link #writeMatched}), generated only when it does not exist yet. */
    public Path matchedFile(final int count, final Path directory) {
        return file(count, directory, true);
    }

    private Path file(final int count, final Path directory, final boolean matchIds) {
        try {
            Files.createDirectories(directory);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        // the generator's version is in the name: an export written by an earlier one (N11 phones, ZIPs from 00000) is not reused
        final Path file = directory.resolve("salesforce-contacts-" + (matchIds ? "matched-" : "") + seed + "-" + count + "-" + VERSION + ".csv");
        if (!Files.isRegularFile(file)) {
            final Path partial = directory.resolve(file.getFileName() + ".partial");
            write(count, partial, matchIds);
            try {
                Files.move(partial, file);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    private void fill(final List<String> row, final String[] person, final int personNumber, final SplittableRandom recordRandom) {
        // attributes of the person: the same in every copy
        final SplittableRandom own = new SplittableRandom(seed * 31 + personNumber);
        final String salutation = pick(own, SALUTATIONS);
        final String title = pick(own, TITLES);
        final String department = pick(own, DEPARTMENTS);
        final String mobile = own.nextInt(10) < 4
                ? String.format(Locale.ROOT, "+1 %03d %03d %04d", PersonGenerator.northAmericanPart(own), PersonGenerator.northAmericanPart(own),
                own.nextInt(10_000)) : "";
        final String street = (1 + own.nextInt(9_999)) + " " + pick(own, STREET_NAMES) + " " + pick(own, STREET_TYPES)
                + (own.nextInt(10) == 0 ? "\nSuite " + (100 + own.nextInt(900)) : "");
        final String state = pick(own, STATES);
        final String country = pick(own, COUNTRIES);
        final String accountId = "001" + id(own);

        // attributes of the record
        final LocalDateTime created = LocalDateTime.of(2015, 1, 1, 0, 0).plusSeconds(recordRandom.nextLong(10L * 365 * 24 * 3600));
        final LocalDateTime modified = created.plusSeconds(recordRandom.nextLong(2L * 365 * 24 * 3600));
        row.add("003" + id(recordRandom));
        row.add(salutation);
        row.add(value(person[0]));
        row.add(value(person[1]));
        row.add(title);
        row.add(department);
        row.add(value(person[2]));
        row.add(value(person[3]));
        row.add(mobile);
        row.add(street);
        row.add(value(person[4]));
        row.add(state);
        row.add(value(person[5]));
        row.add(country);
        row.add(salesforceDate(person[6]));
        row.add(pick(recordRandom, LEAD_SOURCES));
        row.add(accountId);
        row.add(recordRandom.nextInt(100) < 15 ? pick(recordRandom, DESCRIPTIONS) : "");
        row.add(timestamp(created));
        row.add(timestamp(modified));
    }

    /** Salesforce exports a Date field as yyyy-MM-dd: the generator's reformatted dates are written back, impossible ones left out. */
    private static String salesforceDate(final String date) {
        if (date == null) {
            return "";
        }
        final String iso = date.indexOf('/') == 2 ? date.substring(6, 10) + "-" + date.substring(0, 2) + "-" + date.substring(3, 5) : date;
        try {
            return LocalDate.parse(iso).toString();
        } catch (final DateTimeParseException e) {
            return "";
        }
    }

    private static String timestamp(final LocalDateTime time) {
        return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.000+0000", time.getYear(), time.getMonthValue(),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond());
    }

    private static String id(final SplittableRandom random) {
        final char[] chars = new char[15];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length()));
        }
        return new String(chars);
    }

    private static String value(final String value) {
        return value == null ? "" : value;
    }

    private static String pick(final SplittableRandom random, final String[] values) {
        return values[random.nextInt(values.length)];
    }
}

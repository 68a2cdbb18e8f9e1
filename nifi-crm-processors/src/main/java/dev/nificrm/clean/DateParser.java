package dev.nificrm.clean;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Reads the date and date-time formats CRM exports use, without trying formatters one after another: the value is
 * split once into numbers, words and symbols, and the shape of that token list decides how it is read.
 * <table>
 * <caption>Formats read</caption>
 * <tr><th>shape</th><th>example</th><th>source</th></tr>
 * <tr><td>ISO date, date-time, with or without offset</td><td>{@code 2024-01-15}, {@code 2024-01-15T10:30:00Z},
 * {@code 2024-01-15 10:30}</td><td>most APIs, Dynamics 365, HubSpot exports</td></tr>
 * <tr><td>offset without colon, with milliseconds</td><td>{@code 2024-01-15T10:30:00.000+0000}</td><td>Salesforce</td></tr>
 * <tr><td>epoch milliseconds (11–13 digits) or seconds (9–10 digits), before 1970 with a minus sign; eight digits
 * that are no {@code yyyyMMdd} date and a whole number of days in milliseconds</td>
 * <td>{@code 1705314600000}, {@code -315619200000}, {@code 86400000} (1970-01-02)</td><td>HubSpot API (birth dates
 * before 1970, its earliest dates)</td></tr>
 * <tr><td>compact {@code yyyyMMdd}</td><td>{@code 20240115}</td><td>Febrl, mainframe exports</td></tr>
 * <tr><td>numeric with {@code /} or {@code -}, read by {@link DateOrder}; a part above 12 decides by itself</td>
 * <td>{@code 01/15/2024}, {@code 01/15/2024 10:30:00 AM}</td><td>Zoho, Salesforce reports, spreadsheets</td></tr>
 * <tr><td>numeric with dots: always day, month, year</td><td>{@code 15.01.2024}</td><td>German-speaking countries</td></tr>
 * <tr><td>month names (English, abbreviated or not), weekday and ordinal suffix ignored</td>
 * <td>{@code 15 Jan 2024}, {@code January 15, 2024}, {@code Mon, 15 Jan 2024 10:30:00 GMT}, {@code Jan 15th 2024}</td>
 * <td>hand-typed values, email headers</td></tr>
 * </table>
 * Two-digit years are read as the latest year that is not more than a given number of years after this year, this year
 * being that of the day the value is read (a parser built in December reads them in the new year's window in January).
 * <p>
 * A spreadsheet's serial day number ({@code 45234}, or {@code 45234.5} with a time of day: five digits, days since the
 * end of 1899 in Excel's 1900 date system, 1927 to 2173) is read in the {@link ExcelDateSystem} the parser is given, a
 * date with a local time when it has a fraction; by default it is not read: the same number is another date in Excel's
 * 1904 date system, so it is rejected with {@link #SPREADSHEET_SERIAL}, which says what it is, rather than read as a date
 * that may be four years off. Shorter numbers are not read as serial days (a 4-digit number is more likely a year). A
 * number a spreadsheet wrote as a decimal or in scientific notation
 * ({@code 1705314600000.0}, {@code 1.705314600000E+12}) is read from its digits, and rejected with
 * {@link PhoneRule#DIGITS_LOST} when its display lost some ({@code 1.70531E+12}). A double as Java writes it
 * ({@code 1.7053146E12}, an exponent without a sign: a JSON number a reader turned into text) is read as the number it
 * holds ({@link NumberDigits#ofJavaDouble}).
 * <p>
 * The epoch itself, {@code 0} (also {@code 0.0} and an epoch number of zeros), is rejected with {@link #EPOCH_ZERO}:
 * it is how an unset date is exported far more often than a date of 1 January 1970.
 */
final class DateParser {
    static final String UNRECOGNISED = "unrecognised date format";
    static final String IMPOSSIBLE = "not a real calendar date";
    static final String SPREADSHEET_SERIAL = "a spreadsheet's serial day number, not a date: format the column as a date before exporting";
    /**
     * An epoch number at the epoch itself, {@code 0}: what an unset date property is exported as (by HubSpot
     * integrations among others) far more often than a date of 1 January 1970, so it is no date to accept silently.
     */
    static final String EPOCH_ZERO = "the epoch itself (0, 1970-01-01T00:00:00Z), what an unset date is exported as: not a date";

    private static final int MAX_TOKENS = 24;
    private static final byte NUMBER = 1;
    private static final byte WORD = 2;
    private static final byte SYMBOL = 3;
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december"};
    private static final String[] WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

    private final DateOrder order;
    private final Today today;
    /** How many years after this year a two-digit year may be: 20 for dates, 0 for birth dates. */
    private final int twoDigitYearsAhead;
    private final ExcelDateSystem excelDates;
    /** The clock of "now" when the values are birth dates, whose epoch numbers are read by {@link EpochNumbers#birthDateInstant}; else null. */
    private final Clock birthDateClock;

    /**
     * A parser that reads a spreadsheet's serial day numbers in the given date system, or rejects them
     * ({@link ExcelDateSystem#REJECT}), and, given a clock, reads epoch numbers as birth dates are written.
     */
    DateParser(final DateOrder order, final Today today, final int twoDigitYearsAhead, final ExcelDateSystem excelDates,
               final Clock birthDateClock) {
        this.order = order;
        this.today = today;
        this.twoDigitYearsAhead = twoDigitYearsAhead;
        this.excelDates = excelDates;
        this.birthDateClock = birthDateClock;
    }

    /**
     * Reads a value.
     *
     * @throws IllegalArgumentException with {@link #UNRECOGNISED} or {@link #IMPOSSIBLE} as message
     */
    ParsedDate parse(final String value) {
        if (isAllDigits(value)) {
            return parseDigits(value);
        }
        if (value.length() > 1 && value.charAt(0) == '-' && isAllDigits(value.substring(1))) {
            return parseNegativeEpoch(value);
        }
        if (isSerialDayWithTime(value)) {
            final int point = value.indexOf('.');
            return serialDay(value.substring(0, point), value.substring(point + 1));
        }
        final String doubleDigits = NumberDigits.ofJavaDouble(value);
        if (doubleDigits != null) {
            // a double a JSON reader wrote as text for a schema of strings (1.7053146E12): the number it holds exactly
            return parseNumber(doubleDigits);
        }
        final String spreadsheetDigits = PhoneRule.spreadsheetDigits(value);
        if (spreadsheetDigits != null) {
            // an epoch value a spreadsheet wrote as 1705314600000.0 or 1.70531E+12 (its display: digits lost)
            if (spreadsheetDigits.isEmpty()) {
                throw new IllegalArgumentException(PhoneRule.DIGITS_LOST);
            }
            return parseDigits(spreadsheetDigits);
        }
        final Tokens tokens = Tokens.of(value);
        if (tokens == null) {
            throw new IllegalArgumentException(UNRECOGNISED);
        }
        try {
            return new Reader(tokens).read();
        } catch (final DateTimeException e) {
            throw new IllegalArgumentException(IMPOSSIBLE, e);
        }
    }

    /** The digits {@link NumberDigits#ofJavaDouble} gave: read as digits, rejected when lost, unrecognised with a fraction. */
    private ParsedDate parseNumber(final String digits) {
        if (isAllDigits(digits)) {
            return parseDigits(digits);
        }
        throw new IllegalArgumentException(digits.indexOf('E') >= 0 ? PhoneRule.DIGITS_LOST : UNRECOGNISED);
    }

    private ParsedDate parseDigits(final String value) {
        final int length = value.length();
        try {
            if (length == 8) {
                final LocalDate compact = compactDate(value);
                if (compact != null) {
                    return new ParsedDate(compact, null, null);
                }
            }
            final Instant epoch = birthDateClock == null ? EpochNumbers.instant(value) : EpochNumbers.birthDateInstant(value, birthDateClock.instant());
            if (epoch != null) {
                return fromEpoch(epoch);
            }
        } catch (final DateTimeException e) {
            throw new IllegalArgumentException(IMPOSSIBLE, e);
        }
        if (length == 8) {
            throw new IllegalArgumentException(IMPOSSIBLE);
        }
        if (length == 1 && value.charAt(0) == '0') {
            throw new IllegalArgumentException(EPOCH_ZERO);
        }
        if (isSerialDay(value, length)) {
            return serialDay(value, "");
        }
        throw new IllegalArgumentException(UNRECOGNISED);
    }

    /** Eight digits as a date {@code yyyyMMdd}, or null when they are no calendar date ({@code 86400000}: 8640-00-00). */
    private static LocalDate compactDate(final String value) {
        final int month = Integer.parseInt(value, 4, 6, 10);
        final int day = Integer.parseInt(value, 6, 8, 10);
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        final YearMonth yearMonth = YearMonth.of(Integer.parseInt(value, 0, 4, 10), month);
        return day <= yearMonth.lengthOfMonth() ? yearMonth.atDay(day) : null;
    }

    /** The date and time of an epoch number; the epoch itself is {@link #EPOCH_ZERO}, not a date. */
    private static ParsedDate fromEpoch(final Instant epoch) {
        if (epoch.equals(Instant.EPOCH)) {
            throw new IllegalArgumentException(EPOCH_ZERO);
        }
        return fromInstant(epoch);
    }

    /**
     * A serial day number read in the configured date system: a date, or a date and a local time when its fraction is not
     * zero ({@code 45234.5} is noon); rejected with {@link #SPREADSHEET_SERIAL} when no date system is configured.
     */
    private ParsedDate serialDay(final String day, final String fraction) {
        if (excelDates == ExcelDateSystem.REJECT) {
            throw new IllegalArgumentException(SPREADSHEET_SERIAL);
        }
        int fractionEnd = fraction.length();
        while (fractionEnd > 0 && fraction.charAt(fractionEnd - 1) == '0') {
            fractionEnd--;
        }
        final LocalDateTime dateTime = excelDates.dateTime(Long.parseLong(day), fraction.substring(0, fractionEnd));
        if (dateTime == null) {
            throw new IllegalArgumentException(IMPOSSIBLE);
        }
        return new ParsedDate(dateTime.toLocalDate(), fractionEnd == 0 ? null : dateTime.toLocalTime(), null);
    }

    /**
     * An epoch value before 1970, read by its number of digits as one after 1970 is ({@code -315619200000} is 1960-01-01),
     * and in a birth date as {@link EpochNumbers#birthDateInstant} reads it.
     */
    private ParsedDate parseNegativeEpoch(final String value) {
        final Instant epoch;
        try {
            epoch = birthDateClock == null ? EpochNumbers.instant(value) : EpochNumbers.birthDateInstant(value, birthDateClock.instant());
        } catch (final DateTimeException e) {
            throw new IllegalArgumentException(IMPOSSIBLE, e);
        }
        if (epoch == null) {
            throw new IllegalArgumentException(UNRECOGNISED);
        }
        return fromEpoch(epoch);
    }

    /** Five digits, the first not 0: a serial day number of Excel's 1900 date system from 1927 to 2173. */
    private static boolean isSerialDay(final String value, final int end) {
        return end == 5 && value.charAt(0) != '0';
    }

    /** A {@link #isSerialDay serial day number} with a fraction, the time of day: {@code 45234.5}. */
    private static boolean isSerialDayWithTime(final String value) {
        final int point = value.indexOf('.');
        return point > 0 && point < value.length() - 1 && isSerialDay(value, point) && isAllDigits(value.substring(0, point))
                && isAllDigits(value.substring(point + 1));
    }

    private static ParsedDate fromInstant(final Instant instant) {
        final LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return new ParsedDate(utc.toLocalDate(), utc.toLocalTime(), ZoneOffset.UTC);
    }

    private static boolean isAllDigits(final String value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !value.isEmpty();
    }

    private int year(final int number, final int digits) {
        if (digits == 4) {
            return number;
        }
        if (digits != 2) {
            throw new IllegalArgumentException(UNRECOGNISED);
        }
        final int candidate = 2000 + number;
        return candidate <= today.year() + twoDigitYearsAhead ? candidate : candidate - 100;
    }

    private static int monthOf(final String word) {
        if (word.length() >= 3) {
            for (int month = 0; month < MONTHS.length; month++) {
                if (MONTHS[month].startsWith(word)) {
                    return month + 1;
                }
            }
            if (word.equals("sept")) {
                return 9;
            }
        }
        return 0;
    }

    private static boolean isWeekday(final String word) {
        if (word.length() >= 3) {
            for (final String weekday : WEEKDAYS) {
                if (weekday.startsWith(word)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value as a list of digit runs, letter runs (lower case) and single symbols; spaces and commas separate. */
    private static final class Tokens {
        private final byte[] kinds = new byte[MAX_TOKENS];
        private final int[] numbers = new int[MAX_TOKENS];
        private final int[] lengths = new int[MAX_TOKENS];
        private final String[] words = new String[MAX_TOKENS];
        private final char[] symbols = new char[MAX_TOKENS];
        private int count;

        static Tokens of(final String value) {
            final Tokens tokens = new Tokens();
            int i = 0;
            final int length = value.length();
            while (i < length) {
                final char c = value.charAt(i);
                if (tokens.count == MAX_TOKENS) {
                    return null;
                }
                if (c >= '0' && c <= '9') {
                    int end = i;
                    while (end < length && value.charAt(end) >= '0' && value.charAt(end) <= '9') {
                        end++;
                    }
                    if (end - i > 9) {
                        return null;
                    }
                    tokens.kinds[tokens.count] = NUMBER;
                    tokens.numbers[tokens.count] = Integer.parseInt(value, i, end, 10);
                    tokens.lengths[tokens.count++] = end - i;
                    i = end;
                } else if (Character.isLetter(c)) {
                    int end = i;
                    while (end < length && Character.isLetter(value.charAt(end))) {
                        end++;
                    }
                    tokens.kinds[tokens.count] = WORD;
                    tokens.words[tokens.count++] = TextRule.lower(value.substring(i, end));
                    i = end;
                } else {
                    if (c != ' ' && c != ',') {
                        tokens.kinds[tokens.count] = SYMBOL;
                        tokens.symbols[tokens.count++] = c;
                    }
                    i++;
                }
            }
            return tokens;
        }
    }

    /** Walks the tokens once: date part, then optional time, then optional offset; anything left over is an error. */
    private final class Reader {
        private final Tokens tokens;
        private int position;
        /** Whether the date's year was written with two digits. */
        private boolean twoDigitYear;

        Reader(final Tokens tokens) {
            this.tokens = tokens;
        }

        ParsedDate read() {
            if (isWord(position) && isWeekday(tokens.words[position])) {
                position++;
            }
            final LocalDate date = notAheadOfBirth(readDate());
            LocalTime time = null;
            ZoneOffset offset = null;
            if (position < tokens.count) {
                if (isWord(position) && (tokens.words[position].equals("t") || tokens.words[position].equals("at"))) {
                    position++;
                }
                time = readTime();
                offset = readOffset();
            }
            if (position != tokens.count) {
                throw new IllegalArgumentException(UNRECOGNISED);
            }
            return new ParsedDate(date, time, offset);
        }

        /**
         * A birth date of a two-digit year is never in the future: the latest year of its two digits is this year, and a day
         * of this year after today is a century earlier ({@code 10/13/26} read on 2026-06-01 is 1926-10-13).
         */
        private LocalDate notAheadOfBirth(final LocalDate date) {
            if (!twoDigitYear || birthDateClock == null || !date.isAfter(today.date())) {
                return date;
            }
            return LocalDate.of(date.getYear() - 100, date.getMonth(), date.getDayOfMonth());
        }

        /** The year of a number of two or four digits, noting a two-digit one. */
        private int yearOf(final int number, final int digits) {
            twoDigitYear |= digits == 2;
            return year(number, digits);
        }

        private LocalDate readDate() {
            if (isNumber(position, 4)) {
                final int year = tokens.numbers[position++];
                skipSeparator();
                final int month = readMonth();
                skipSeparator();
                final int day = readNumber(1, 2);
                return LocalDate.of(year, month, day);
            }
            if (isWord(position)) {
                final int month = monthOf(tokens.words[position]);
                if (month == 0) {
                    throw new IllegalArgumentException(UNRECOGNISED);
                }
                position++;
                skipSeparator();
                final int day = readNumber(1, 2);
                skipOrdinal();
                skipSeparator();
                final int digits = digitsAt(position);
                return LocalDate.of(yearOf(readNumber(2, 4), digits), month, day);
            }
            if (!isNumber(position, 1) && !isNumber(position, 2)) {
                throw new IllegalArgumentException(UNRECOGNISED);
            }
            final int first = tokens.numbers[position];
            final int firstDigits = tokens.lengths[position++];
            skipOrdinal();
            final char separator = isSymbol(position) ? tokens.symbols[position] : ' ';
            skipSeparator();
            if (isWord(position)) {
                final int month = readMonth();
                skipSeparator();
                final int digits = digitsAt(position);
                return LocalDate.of(yearOf(readNumber(2, 4), digits), month, first);
            }
            final int second = readNumber(1, 2);
            skipSeparator();
            final int thirdDigits = digitsAt(position);
            final int third = readNumber(2, 4);
            return numericDate(first, firstDigits, second, third, thirdDigits, separator);
        }

        private LocalDate numericDate(final int first, final int firstDigits, final int second, final int third, final int thirdDigits,
                                      final char separator) {
            if (order == DateOrder.YMD && thirdDigits == 2 && firstDigits == 2) {
                return LocalDate.of(yearOf(first, 2), second, third);
            }
            final int year = yearOf(third, thirdDigits);
            final boolean dayFirst;
            if (separator == '.') {
                dayFirst = true;
            } else if (first > 12 && second <= 12) {
                dayFirst = true;
            } else if (second > 12 && first <= 12) {
                dayFirst = false;
            } else {
                dayFirst = order == DateOrder.DMY;
            }
            return dayFirst ? LocalDate.of(year, second, first) : LocalDate.of(year, first, second);
        }

        private LocalTime readTime() {
            int hour = readNumber(1, 2);
            if (!isSymbol(position, ':')) {
                throw new IllegalArgumentException(UNRECOGNISED);
            }
            position++;
            final int minute = readNumber(2, 2);
            int second = 0;
            int nanos = 0;
            if (isSymbol(position, ':')) {
                position++;
                second = readNumber(2, 2);
                if (isSymbol(position, '.') && position + 1 < tokens.count && tokens.kinds[position + 1] == NUMBER) {
                    position++;
                    nanos = tokens.numbers[position];
                    for (int digits = tokens.lengths[position]; digits < 9; digits++) {
                        nanos *= 10;
                    }
                    position++;
                }
            }
            if (isWord(position)) {
                final String word = tokens.words[position];
                if (word.equals("am") || word.equals("pm")) {
                    if (hour < 1 || hour > 12) {
                        throw new IllegalArgumentException(IMPOSSIBLE);
                    }
                    hour = hour % 12 + (word.equals("pm") ? 12 : 0);
                    position++;
                }
            }
            return LocalTime.of(hour, minute, second, nanos);
        }

        private ZoneOffset readOffset() {
            ZoneOffset offset = null;
            if (isWord(position)) {
                final String word = tokens.words[position];
                if (word.equals("z") || word.equals("utc") || word.equals("gmt")) {
                    offset = ZoneOffset.UTC;
                    position++;
                }
            }
            if (isSymbol(position, '+') || isSymbol(position, '-')) {
                final int sign = tokens.symbols[position++] == '-' ? -1 : 1;
                if (!isNumber(position)) {
                    throw new IllegalArgumentException(UNRECOGNISED);
                }
                final int digits = digitsAt(position);
                final int number = tokens.numbers[position++];
                int hours;
                int minutes = 0;
                if (digits == 4) {
                    hours = number / 100;
                    minutes = number % 100;
                } else if (digits <= 2) {
                    hours = number;
                    if (isSymbol(position, ':')) {
                        position++;
                        minutes = readNumber(2, 2);
                    }
                } else {
                    throw new IllegalArgumentException(UNRECOGNISED);
                }
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
            return offset;
        }

        private int readMonth() {
            if (isWord(position)) {
                final int month = monthOf(tokens.words[position]);
                if (month == 0) {
                    throw new IllegalArgumentException(UNRECOGNISED);
                }
                position++;
                return month;
            }
            return readNumber(1, 2);
        }

        private int readNumber(final int minimumDigits, final int maximumDigits) {
            if (!isNumber(position) || tokens.lengths[position] < minimumDigits || tokens.lengths[position] > maximumDigits) {
                throw new IllegalArgumentException(UNRECOGNISED);
            }
            return tokens.numbers[position++];
        }

        private void skipSeparator() {
            if (isSymbol(position, '-') || isSymbol(position, '/') || isSymbol(position, '.')) {
                position++;
            }
        }

        private void skipOrdinal() {
            if (isWord(position)) {
                final String word = tokens.words[position];
                if (word.equals("st") || word.equals("nd") || word.equals("rd") || word.equals("th")) {
                    position++;
                }
            }
        }

        private int digitsAt(final int index) {
            return isNumber(index) ? tokens.lengths[index] : 0;
        }

        private boolean isNumber(final int index) {
            return index < tokens.count && tokens.kinds[index] == NUMBER;
        }

        private boolean isNumber(final int index, final int digits) {
            return isNumber(index) && tokens.lengths[index] == digits;
        }

        private boolean isWord(final int index) {
            return index < tokens.count && tokens.kinds[index] == WORD;
        }

        private boolean isSymbol(final int index) {
            return index < tokens.count && tokens.kinds[index] == SYMBOL;
        }

        private boolean isSymbol(final int index, final char symbol) {
            return isSymbol(index) && tokens.symbols[index] == symbol;
        }
    }
}

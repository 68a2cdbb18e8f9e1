package dev.nificrm.match;

/**
 * A value given as a stored value's view is: not a string; the characters read and the strings asked of it are counted
 * (tests of what a comparison reads and makes). Reusable: {@link #of} points it at another value, keeping the counts.
 */
final class CountedCharacters implements CharSequence {
    private String value;
    long reads;
    int strings;

    CountedCharacters() {
        this("");
    }

    CountedCharacters(final String value) {
        this.value = value;
    }

    CountedCharacters of(final String characters) {
        value = characters;
        return this;
    }

    @Override
    public int length() {
        return value.length();
    }

    @Override
    public char charAt(final int index) {
        reads++;
        return value.charAt(index);
    }

    @Override
    public CharSequence subSequence(final int start, final int end) {
        return value.substring(start, end);
    }

    /** A new string of the characters each time, as a view makes one. */
    @Override
    public String toString() {
        strings++;
        return new String(value.toCharArray());
    }
}
